// Error codes of the documents module (DOC-01..13 generation).
import { errorFactory, type ErrorSpec } from '../../platform/errors.js';

export const DocumentsErrors = {
  DOCUMENTS_KIND_UNKNOWN: { status: 404, title: 'No such document kind' },
  DOCUMENTS_CASE_DATA_INVALID: { status: 400, title: 'The case data is invalid' },
  DOCUMENTS_FIELDS_MISSING: { status: 422, title: 'Required document fields are missing' },
  DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED: { status: 403, title: 'Only a law firm (or a tenant working with one) may issue a lawyer’s letter (DOC-05)' },
  DOCUMENTS_CONTENT_FORBIDDEN: { status: 422, title: 'The document text is not allowed (COL-42/43)' },
  DOCUMENTS_TEMPLATE_INVALID: { status: 422, title: 'The template is invalid' },
  DOCUMENTS_TEMPLATE_NOT_FOUND: { status: 404, title: 'No such template version' },
  DOCUMENTS_DOCUMENT_NOT_FOUND: { status: 404, title: 'No such generated document' },
  DOCUMENTS_PRECONDITION_FAILED: { status: 422, title: 'A legal precondition for this document is not met' },
  DOCUMENTS_BATCH_NOT_FOUND: { status: 404, title: 'No such document batch' },
  DOCUMENTS_BATCH_EMPTY: { status: 422, title: 'The batch selects no cases' },
  DOCUMENTS_NOT_SIGNABLE: { status: 422, title: 'Only agreements (repayment, mediation, debt acknowledgment) as PDF are signed' },
  DOCUMENTS_ALREADY_SIGNED: { status: 409, title: 'The document is already signed' },
  DOCUMENTS_SIGN_CODE_INVALID: { status: 422, title: 'The signing code is wrong or expired' },
  DOCUMENTS_SIGN_NO_PHONE: { status: 422, title: 'No phone number or e-mail on file to send a signing code to' },
  DOCUMENTS_PARTY_NOT_REQUIRED: { status: 422, title: 'This agreement is not signed by that party' },
  DOCUMENTS_SIGNER_NOT_ALLOWED: { status: 403, title: 'You may not sign this agreement for that party' },
  DOCUMENTS_DIGEST_MISMATCH: { status: 409, title: 'The digest you signed is not this document’s (it was regenerated or changed): read it again' },
} satisfies Record<string, ErrorSpec>;

export type DocumentsErrorCode = keyof typeof DocumentsErrors;
export const documentsError = errorFactory(DocumentsErrors);
