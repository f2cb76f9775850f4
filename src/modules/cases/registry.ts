// COL-73 across the platform: one debt is never worked by two agencies at once. A placement of a creditor that has
// a unified social credit code (the only identity of a creditor that is the same in every agency) claims the debt
// in cases.placement_registry through a SECURITY DEFINER function; closing the case releases it. The key is a
// keyed hash of the USCC and the folded contract number: no agency can read another's placements from it.
import { sql, one, rows, type Tx } from '../../platform/db/index.js';
import { keyedHash } from '../../platform/pii/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { contractKey } from './import.js';
import { creditors } from './schema.js';
import { caseError } from './errors.js';
import { eq } from 'drizzle-orm';

/** Registry key of a debt, or null when the creditor has no USCC (it cannot be matched across agencies). */
export function placementRegistryKey(keys: DebtorKeys, creditorUscc: string | null | undefined, contractNumber: string): string | null {
  const u = creditorUscc?.trim().toUpperCase();
  if (!u) return null;
  return keyedHash('sha256', keys.indexKey, `cases.placement\u0000${u}\u0000${contractKey(contractNumber)}`).toString('base64url');
}

const usccCache = new WeakMap<object, Map<string, string | null>>();

/** The creditor's USCC, cached per transaction (imports place thousands of rows of one creditor). */
export async function creditorUscc(tx: Tx, creditorId: string): Promise<string | null> {
  let m = usccCache.get(tx);
  if (!m) usccCache.set(tx, (m = new Map()));
  if (!m.has(creditorId)) {
    const [c] = await tx.select({ uscc: creditors.uscc }).from(creditors).where(eq(creditors.id, creditorId));
    m.set(creditorId, c?.uscc ?? null);
  }
  return m.get(creditorId) ?? null;
}

/** Claims the debt for this tenant's case. Throws CASES_ACTIVE_ELSEWHERE (COL-73) when another agency holds it. */
export async function claimPlacement(tx: Tx, key: string | null, caseId: string): Promise<void> {
  if (!key) return;
  const r = await one<{ holder: string | null }>(tx, sql`SELECT cases.claim_placement(${key}, ${caseId}) AS holder`);
  if (r?.holder) throw caseError('CASES_ACTIVE_ELSEWHERE', { detail: 'this debt is active with another agency; it must be recalled there first', rule: 'COL-73', field: 'debt.contractNumber' });
}

/** Releases this tenant's claim for the case (no-op without one). */
export async function releasePlacement(tx: Tx, caseId: string): Promise<void> {
  await tx.execute(sql`SELECT cases.release_placement(${caseId})`);
}

/** Claims many debts at once; returns the indexes (0-based) of the ones another agency holds (not claimed). */
export async function claimPlacements(tx: Tx, items: Array<{ key: string | null; caseId: string }>): Promise<Set<number>> {
  const idx = items.map((x, i) => [x, i] as const).filter(([x]) => x.key);
  if (!idx.length) return new Set();
  const keysArr = idx.map(([x]) => x.key!);
  const casesArr = idx.map(([x]) => x.caseId);
  const r = await rows<{ i: number }>(tx, sql`SELECT cases.claim_placements(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keysArr)}::jsonb)), ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(casesArr)}::jsonb))) AS i`);
  return new Set(r.map((x) => idx[Number(x.i) - 1][1]));
}
