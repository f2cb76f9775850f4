// Background jobs of the ledger module (pg-boss; inline when workers are off, see platform/jobs): the daily payment
// plan check — reminders before due dates (sent to the debtor through the compliance gate and the messenger),
// missed instalments and broken promises, each recorded once per tenant.
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import { withTenant, withPlatform, type Database } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { checkPlans } from './plans.js';

export interface LedgerJobsDeps {
  db: Database;
  messenger: Messenger;
  keys: DebtorKeys;
}

export const PLAN_CHECK_JOB = 'ledger.plan-check';

/**
 * Runs the plan check for one tenant, or for every active tenant. With `send` (the job always passes it) new
 * reminders are delivered through the compliance gate; without it they are only recorded. `at` is the instant the
 * gate judges the contact at (default now).
 */
export async function runPlanCheck(db: Database, opts: { tenantId?: string; asOf?: string; at?: string } = {}, send?: { messenger: Messenger; keys: DebtorKeys }) {
  const tenants = opts.tenantId
    ? [opts.tenantId]
    : (await withPlatform(db, (tx) => listTenants(tx))).filter((t) => t.status === 'active').map((t) => t.id);
  let notices = 0;
  const delivered = { sent: 0, refused: 0, other: 0 };
  for (const t of tenants) {
    const ns = await withTenant(db, t, (tx) => checkPlans(tx, opts.asOf, send ? { deps: send, at: opts.at } : undefined));
    notices += ns.length;
    for (const n of ns) if (n.delivery) delivered[n.delivery.outcome === 'sent' ? 'sent' : n.delivery.outcome === 'refused' ? 'refused' : 'other']++;
  }
  return { tenants: tenants.length, notices, delivered };
}

export function ledgerJobs(deps: LedgerJobsDeps): AnyJob[] {
  return [
    defineJob({
      name: PLAN_CHECK_JOB,
      version: 1,
      payload: z.object({ tenantId: z.string().optional(), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), at: z.string().datetime().optional() }),
      schedule: '0 1 * * *', // 09:00 Asia/Shanghai
      handler: async (payload, ctx) => {
        await runPlanCheck(ctx.db ?? deps.db, payload, { messenger: deps.messenger, keys: deps.keys });
      },
    }),
  ];
}
