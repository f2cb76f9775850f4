// Background jobs of the cases module (pg-boss; inline when workers are off, see platform/jobs): imports started
// over HTTP, and the SLA sweep that gives assignees a task for cases at risk or in breach (idempotent).
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { importJob } from './import-jobs.js';
import { sweepSlaAlerts } from './sla-report.js';

export interface CasesJobsDeps {
  keys: DebtorKeys;
}

/** Every 15 minutes: at-risk and breached first-action SLAs become tasks for the assignee, once per case and status. */
export const slaAlertJob = defineJob({
  name: 'cases.sla-alerts',
  version: 1,
  payload: z.object({}).passthrough(),
  schedule: '*/15 * * * *',
  async handler(_p, { db, logger }) {
    const tenants = await withPlatform(db, listTenants);
    let atRisk = 0;
    let breached = 0;
    for (const t of tenants.filter((x) => x.kind === 'agency' && x.status === 'active')) {
      const r = await withTenant(db, t.id, (tx) => sweepSlaAlerts(tx));
      atRisk += r.atRisk;
      breached += r.breached;
    }
    logger.info({ atRisk, breached }, 'SLA alerts raised');
  },
});

export function casesJobs(deps: CasesJobsDeps): AnyJob[] {
  return [importJob({ keys: deps.keys }), slaAlertJob];
}
