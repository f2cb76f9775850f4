// Background jobs of the ledger module (pg-boss; inline when workers are off, see platform/jobs): the daily payment
// plan check — reminders before due dates, missed instalments and broken promises, each recorded once per tenant.
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import { withTenant, withPlatform, type Database } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import { checkPlans } from './plans.js';

export interface LedgerJobsDeps {
  db: Database;
}

export const PLAN_CHECK_JOB = 'ledger.plan-check';

/** Runs the plan check for one tenant, or for every tenant that has accepted plans. */
export async function runPlanCheck(db: Database, opts: { tenantId?: string; asOf?: string } = {}) {
  const tenants = opts.tenantId
    ? [opts.tenantId]
    : (await withPlatform(db, (tx) => listTenants(tx))).filter((t) => t.status === 'active').map((t) => t.id);
  let notices = 0;
  for (const t of tenants) notices += (await withTenant(db, t, (tx) => checkPlans(tx, opts.asOf))).length;
  return { tenants: tenants.length, notices };
}

export function ledgerJobs(deps: LedgerJobsDeps): AnyJob[] {
  return [
    defineJob({
      name: PLAN_CHECK_JOB,
      version: 1,
      payload: z.object({ tenantId: z.string().optional(), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
      schedule: '0 1 * * *', // 09:00 Asia/Shanghai
      handler: async (payload, ctx) => {
        await runPlanCheck(ctx.db ?? deps.db, payload);
      },
    }),
  ];
}
