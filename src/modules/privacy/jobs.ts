// Background jobs of the privacy module (pg-boss; inline when workers are off, see platform/jobs).
// privacy.retention-purge: every night, purge the personal data of debtors whose retention period has run out
// (PI-07, COL-61), tenant by tenant, holds respected; each purge is audit-logged and in the evidence log.
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { applyRetention } from './retention.js';

const CHUNK = 25;

export interface PrivacyJobsDeps {
  keys: DebtorKeys;
}

export function retentionPurgeJob(keys: DebtorKeys) {
  return defineJob({
    name: 'privacy.retention-purge',
    version: 1,
    payload: z.object({ tenantId: z.string().optional() }).passthrough(),
    schedule: '30 18 * * *', // 02:30 Asia/Shanghai
    async handler(p, { db, logger }) {
      const tenants = (await withPlatform(db, listTenants)).filter((t) => t.kind === 'agency' && (!p.tenantId || t.id === p.tenantId));
      let purged = 0;
      let failed = 0;
      for (const t of tenants) {
        // Chunks of CHUNK debtors, each chunk one transaction (each debtor all or nothing inside it by a savepoint),
        // so a long run commits as it goes; stop when a chunk purges nobody (nothing due, or only failing debtors).
        for (;;) {
          const run = await withTenant(db, t.id, (tx) => applyRetention(tx, keys, { actorId: 'system', actorRole: 'system', tenantId: t.id, limit: CHUNK }));
          purged += run.purged.length;
          failed = run.failed.length;
          if (run.purged.length === 0) break;
        }
      }
      logger.info({ purged, failed, tenants: tenants.length }, 'privacy retention purge');
    },
  });
}

export function privacyJobs(deps: PrivacyJobsDeps): AnyJob[] {
  return [retentionPurgeJob(deps.keys)];
}
