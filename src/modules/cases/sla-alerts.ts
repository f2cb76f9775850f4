// The SLA alert job with notifications: every 15 minutes, at-risk and breached first-action SLAs become a task for
// the assignee (or a tenant admin when nobody is assigned) and an e-mail through the app's messenger, once per case
// and status. Replaces jobs.ts's slaAlertJob (same queue, cases.sla-alerts.v1) once casesJobs passes the messenger.
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import { listTenants } from '../tenants/index.js';
import { sweepSlaAlerts } from './sla-report.js';

export function slaAlertsJob(deps: { messenger: Pick<Messenger, 'send'> }) {
  return defineJob({
    name: 'cases.sla-alerts',
    version: 1,
    payload: z.object({}).passthrough(),
    schedule: '*/15 * * * *',
    async handler(_p, { db, logger }) {
      const tenants = await withPlatform(db, listTenants);
      const sum = { atRisk: 0, breached: 0, notified: 0 };
      for (const t of tenants.filter((x) => x.kind === 'agency' && x.status === 'active')) {
        const r = await withTenant(db, t.id, (tx) => sweepSlaAlerts(tx, new Date(), { notify: (tx2, m) => deps.messenger.send(tx2, m) }));
        sum.atRisk += r.atRisk;
        sum.breached += r.breached;
        sum.notified += r.notified;
      }
      logger.info(sum, 'SLA alerts raised');
    },
  });
}
