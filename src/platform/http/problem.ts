// The single place that turns errors into RFC 9457 problem documents. Known errors keep their code and status;
// input errors name the field; unknown errors become a generic 500 with a log id and never leak their message.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError } from '../errors.js';
import { safeError } from '../logger.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  field?: string;
  rule?: string;
  errors?: { field: string; message: string }[];
  [k: string]: unknown;
}

const PG_CODES: Record<string, { status: number; code: string; title: string }> = {
  '23505': { status: 409, code: 'CONFLICT', title: 'Already exists' },
  '23503': { status: 409, code: 'CONFLICT', title: 'Refers to something that does not exist or is still referenced' },
  '23514': { status: 400, code: 'VALIDATION_FAILED', title: 'Value violates a rule of the data' },
  '22P02': { status: 400, code: 'VALIDATION_FAILED', title: 'Malformed value' },
  '22001': { status: 400, code: 'VALIDATION_FAILED', title: 'Value too long' },
  '22003': { status: 400, code: 'VALIDATION_FAILED', title: 'Number out of range' },
  '22007': { status: 400, code: 'VALIDATION_FAILED', title: 'Malformed date or time' },
  '22008': { status: 400, code: 'VALIDATION_FAILED', title: 'Date or time out of range' },
  '42501': { status: 404, code: 'NOT_FOUND', title: 'Not found' }, // RLS refusals look like absence, by design
};

function pgCode(e: unknown): string | undefined {
  let cur = e as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 4 && cur; i++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur.code;
    cur = cur.cause as typeof cur;
  }
  return undefined;
}

function pathToField(location: string, path: readonly PropertyKey[] | undefined): string {
  return [location, ...(path ?? []).map(String)].filter(Boolean).join('.');
}

const MULTIPART_PARSE = /multipart|boundary|needle|part header|unexpected end of/i;
const isMultipartRequest = (req: FastifyRequest) => /^multipart\//i.test(String(req.headers['content-type'] ?? ''));

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const instance = req.url.split('?')[0];
  if (err instanceof DomainError) {
    return {
      type: `https://recourse.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
      title: err.title,
      status: err.status,
      detail: err.message,
      code: err.code,
      instance,
      ...(err.field ? { field: err.field } : {}),
      ...(err.rule ? { rule: err.rule } : {}),
      ...(err.extra ?? {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const ctx = (err as FastifyError).validationContext ?? 'body';
    const errors = err.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      const keys = (v.params as { keys?: string[] }).keys;
      const field = pathToField(ctx, v.keyword === 'unrecognized_keys' && keys?.length ? [...path, keys[0]] : path);
      return { field, message: v.message ?? 'invalid' };
    });
    return {
      type: 'https://recourse.dev/problems/validation-failed',
      title: 'Request validation failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      field: errors[0]?.field,
      errors,
      instance,
    };
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.code === 'string' && fe.code.startsWith('FST_') && fe.statusCode && fe.statusCode < 500) {
    const map: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
      FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
      FST_ERR_BAD_URL: 'BAD_URL',
      FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
      FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      FST_MP_PREMATURE_CLOSE: 'MALFORMED_MULTIPART',
      FST_PROTO_VIOLATION: 'MALFORMED_MULTIPART',
      FST_PARTS_LIMIT: 'BODY_TOO_LARGE',
      FST_FILES_LIMIT: 'BODY_TOO_LARGE',
      FST_FIELDS_LIMIT: 'BODY_TOO_LARGE',
      FST_REQ_FILE_TOO_LARGE: 'BODY_TOO_LARGE',
    };
    // "Not multipart" is an unsupported media type (415), not the plugin's 406 (which is about Accept).
    const status = fe.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? 415 : fe.statusCode;
    const code = map[fe.code] ?? (fe.statusCode === 400 && /JSON/i.test(fe.message) ? 'MALFORMED_JSON' : 'BAD_REQUEST');
    return {
      type: `https://recourse.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: code === 'MALFORMED_JSON' ? 'Body is not valid JSON' : fe.message,
      status,
      code,
      detail: fe.message,
      field: 'body',
      instance,
    };
  }
  // A malformed multipart body (no or bad boundary, truncated parts) is the client's error, whichever route read it.
  if (isMultipartRequest(req) && fe instanceof Error && MULTIPART_PARSE.test(fe.message)) {
    return { type: 'https://recourse.dev/problems/malformed-multipart', title: 'Malformed multipart body', status: 400, code: 'MALFORMED_MULTIPART', detail: fe.message, field: 'body', instance };
  }
  if (fe instanceof SyntaxError || (fe?.statusCode === 400 && /JSON/i.test(String(fe?.message)))) {
    return { type: 'https://recourse.dev/problems/malformed-json', title: 'Body is not valid JSON', status: 400, code: 'MALFORMED_JSON', field: 'body', instance };
  }
  const pc = pgCode(err);
  if (pc && PG_CODES[pc]) {
    const m = PG_CODES[pc];
    return { type: `https://recourse.dev/problems/${m.code.toLowerCase().replace(/_/g, '-')}`, title: m.title, status: m.status, code: m.code, instance };
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err: { message: 'response failed its schema', issues: err.cause.issues } }, 'response schema violation');
  } else {
    // Never the raw message: a failed query's message carries its parameters (names, ID numbers).
    req.log.error({ err: { ...safeError(err), code: pc } }, 'unhandled error');
  }
  return {
    type: 'https://recourse.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    code: 'INTERNAL',
    detail: `Reference ${req.id}`,
    instance,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  if (typeof p.retryAfterSeconds === 'number') reply.header('retry-after', p.retryAfterSeconds);
  return reply.code(p.status).type('application/problem+json').send(p);
}
