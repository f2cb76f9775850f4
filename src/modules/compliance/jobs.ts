// Background jobs of the compliance module (pg-boss; inline when workers are off, see platform/jobs): campaign
// execution through the gate and the messenger, and the daily COL-61 recording-retention sweep.
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { listTenants } from '../tenants/index.js';
import { executeCampaign } from './campaigns.js';
import { sweepRecordingRetention } from './recordings.js';

export interface ComplianceJobsDeps {
  keys: DebtorKeys;
  messenger: Messenger;
}

/** Sends one campaign (started over HTTP). */
export function campaignJob(deps: ComplianceJobsDeps) {
  return defineJob({
    name: 'compliance.campaign',
    version: 1,
    payload: z.object({ tenantId: z.string(), campaignId: z.string() }),
    async handler(p, { db, logger }) {
      const r = await withTenant(db, p.tenantId, (tx) => executeCampaign(tx, deps, p.campaignId));
      logger.info({ campaignId: p.campaignId, ...r }, 'campaign sent');
    },
  });
}

/** Daily: recordings past their COL-61 retention become `expired` unless a legal hold keeps them. */
export const recordingRetentionJob = defineJob({
  name: 'compliance.recording-retention',
  version: 1,
  payload: z.object({}).passthrough(),
  schedule: '30 3 * * *',
  async handler(_p, { db, logger }) {
    const tenants = await withPlatform(db, listTenants);
    let expired = 0;
    let onHold = 0;
    for (const t of tenants.filter((x) => x.kind === 'agency')) {
      const r = await withTenant(db, t.id, (tx) => sweepRecordingRetention(tx));
      expired += r.expired;
      onHold += r.onHold;
    }
    logger.info({ expired, onHold }, 'recording retention swept');
  },
});

export function complianceJobs(deps: ComplianceJobsDeps): AnyJob[] {
  return [campaignJob(deps), recordingRetentionJob];
}
