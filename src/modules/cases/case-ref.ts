// A case by its reference, as the debtor portal knows it (a portal session's subject is the case reference).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { cases } from './schema.js';

/** The case with this reference in the caller's tenant, or null. */
export async function findCaseByRef(tx: Tx, caseRef: string): Promise<{ id: string; ref: string; debtorId: string } | null> {
  const [c] = await tx.select({ id: cases.id, ref: cases.ref, debtorId: cases.debtorId }).from(cases).where(eq(cases.ref, caseRef.trim().toUpperCase()));
  return c ?? null;
}
