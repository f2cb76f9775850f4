// Scheduled checkpoints: every tenant's log gets a signed checkpoint on a schedule (and on demand via the API),
// so a witness or an anchor always has a recent tree head to check.
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import { findLogHead, findCheckpoint, issueCheckpoint, type LogSigningKeys } from './log.js';

export function checkpointJob(logKeys: (origin: string) => LogSigningKeys) {
  return defineJob({
    name: 'evidence.checkpoint',
    version: 1,
    payload: z.object({}).passthrough(),
    schedule: '*/10 * * * *',
    async handler(_p, { db, logger }) {
      const tenants = await withPlatform(db, listTenants);
      let signed = 0;
      for (const t of tenants.filter((x) => x.kind === 'agency')) {
        signed += await withTenant(db, t.id, async (tx) => {
          const head = await findLogHead(tx);
          if (!head || head.size === 0 || (await findCheckpoint(tx, head.size))) return 0;
          await issueCheckpoint(tx, logKeys(head.origin));
          return 1;
        });
      }
      logger.info({ signed }, 'evidence checkpoints issued');
    },
  });
}
