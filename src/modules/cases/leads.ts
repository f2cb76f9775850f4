// Leads from the public consultation form: someone (a debtor seeking help, or a creditor) asks to be contacted.
// Only what the form needs is kept (PIPL art 6 minimisation); the contact value is sealed like debtor contacts, and
// the person's consent to be contacted is recorded with the time it was given.
import { z } from 'zod';
import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { encryptField, maskValue } from '../../platform/pii/index.js';
import { normalisePhone, type DebtorKeys } from '../debtors/index.js';
import { leads } from './schema.js';
import { caseError } from './errors.js';
import { tenantOf } from './tenant.js';

export const SubmitLeadInput = z.strictObject({
  name: z.string().trim().min(1).max(50),
  role: z.enum(['debtor', 'creditor', 'other']),
  /** A mobile/landline or an e-mail address. */
  contact: z.string().trim().min(3).max(200),
  message: z.string().trim().min(1).max(2000),
  /** The form's consent box: must be ticked. */
  consent: z.literal(true),
});
export type SubmitLeadInput = z.infer<typeof SubmitLeadInput>;

/** Stores a consultation request. Throws CASES_LEAD_INVALID for a contact that is neither a phone nor an e-mail. */
export async function submitLead(tx: Tx, keys: DebtorKeys, input: SubmitLeadInput, at = new Date()): Promise<{ leadId: string }> {
  const i = SubmitLeadInput.parse(input);
  const phone = normalisePhone(i.contact);
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(i.contact) ? i.contact.toLowerCase() : null;
  if (!phone && !email) throw caseError('CASES_LEAD_INVALID', { detail: 'contact must be a phone number or an e-mail address', field: 'contact' });
  const tenantId = await tenantOf(tx);
  const leadId = newId('lead');
  const value = phone ?? email!;
  await tx.insert(leads).values({
    tenantId, id: leadId, name: i.name, role: i.role, contactEnc: encryptField(keys.ring, value, `${tenantId}:cases.leads`),
    contactMasked: phone ? maskValue(/^1\d{10}$/.test(phone) ? 'mobile' : 'landline', phone) : maskValue('email', value),
    message: i.message, consentAt: at, status: 'new',
  });
  return { leadId };
}

export async function listLeads(tx: Tx, limit = 100) {
  return tx.select({ id: leads.id, name: leads.name, role: leads.role, contactMasked: leads.contactMasked, message: leads.message, status: leads.status, createdAt: leads.createdAt })
    .from(leads).orderBy(desc(leads.createdAt)).limit(limit);
}

export async function setLeadStatus(tx: Tx, id: string, status: 'contacted' | 'converted' | 'closed'): Promise<void> {
  const r = await tx.update(leads).set({ status }).where(eq(leads.id, id)).returning({ id: leads.id });
  if (!r.length) throw caseError('CASES_NOT_FOUND', { detail: `no lead ${id}` });
}

/** Throws CASES_LEAD_NOT_FOUND. */
export async function requireLead(tx: Tx, id: string): Promise<void> {
  const [l] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, id));
  if (!l) throw caseError('CASES_LEAD_NOT_FOUND', { detail: id });
}
