// Creditor statements per period: opening escrow balance, every movement with its fee basis, closing balance and
// totals by kind. Figures come from the immutable transfers only (documents asks for these, never reads tables).
import { formatYuan } from '../../platform/money.js';
import type { Tx } from '../../platform/db/index.js';
import { accounts, type TransferCode } from './postings.js';
import { listAccountTransfers } from './store.js';

export interface StatementLine {
  transferId: string;
  bookedAt: string;
  code: TransferCode;
  /** Signed: + money into the escrow, − money out. */
  amountFen: bigint;
  balanceAfterFen: bigint;
  caseId?: string;
  reference?: string;
  /** For fee lines: how the fee was computed (agreement, tier, bands, cap/minimum, charged before). */
  feeBasis?: string;
  reversesId?: string;
}

export interface CreditorStatement {
  creditorId: string;
  from: string;
  to: string;
  openingFen: bigint;
  closingFen: bigint;
  lines: StatementLine[];
  totals: Partial<Record<TransferCode, bigint>>;
  text: string;
}

/** Statement of `escrow:creditor:<id>` for bookings in [from, to) (ISO timestamps or dates, tenant-scoped). */
export async function buildCreditorStatement(tx: Tx, creditorId: string, from: string, to: string): Promise<CreditorStatement> {
  const address = accounts.escrow(creditorId);
  const before = await listAccountTransfers(tx, address, { to: from });
  const opening = before.reduce((s, t) => s + (t.credit === address ? t.amountFen : -t.amountFen), 0n);
  const within = await listAccountTransfers(tx, address, { from, to });
  let bal = opening;
  const totals: Partial<Record<TransferCode, bigint>> = {};
  const lines = within.map((t) => {
    const amount = t.credit === address ? t.amountFen : -t.amountFen;
    bal += amount;
    totals[t.code] = (totals[t.code] ?? 0n) + amount;
    const l: StatementLine = { transferId: t.id, bookedAt: t.bookedAt, code: t.code, amountFen: amount, balanceAfterFen: bal };
    if (t.meta?.caseId) l.caseId = t.meta.caseId;
    if (t.meta?.reference) l.reference = t.meta.reference;
    if (t.meta?.basis) l.feeBasis = t.meta.basis;
    if (t.reversesId) l.reversesId = t.reversesId;
    return l;
  });
  const text = [
    `Escrow statement ${creditorId} ${from} – ${to}`,
    `opening ${formatYuan(opening)}`,
    ...lines.map((l) => `${l.bookedAt} ${l.code.padEnd(16)} ${formatYuan(l.amountFen).padStart(14)} ${formatYuan(l.balanceAfterFen).padStart(14)}${l.caseId ? ` ${l.caseId}` : ''}${l.feeBasis ? `\n    fee basis: ${l.feeBasis}` : ''}`),
    `closing ${formatYuan(bal)}`,
  ].join('\n');
  return { creditorId, from, to, openingFen: opening, closingFen: bal, lines, totals, text };
}
