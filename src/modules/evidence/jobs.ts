// Scheduled checkpoints: every tenant's log gets a signed checkpoint on a schedule (and on demand via the API),
// so a witness or an anchor always has a recent tree head to check. When an external anchor is configured
// (RECOURSE_EVIDENCE_ANCHOR), each newly issued checkpoint is submitted to it and its receipt stored (BC-12);
// a failing anchor is logged and retried with the next checkpoint, it never blocks signing.
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/index.js';
import { withPlatform, withTenant } from '../../platform/db/index.js';
import { listTenants } from '../tenants/index.js';
import { findLogHead, findCheckpoint, issueCheckpoint, type LogSigningKeys } from './log.js';
import { anchorCheckpoint, anchorFromEnv } from './anchoring.js';
import type { AnchorProvider } from './providers/anchor.js';

export function checkpointJob(logKeys: (origin: string) => LogSigningKeys, anchor?: AnchorProvider | null) {
  return defineJob({
    name: 'evidence.checkpoint',
    version: 1,
    payload: z.object({}).passthrough(),
    schedule: '*/10 * * * *',
    async handler(_p, { db, logger }) {
      const tenants = await withPlatform(db, listTenants);
      const provider = anchor === undefined ? anchorFromEnv() : anchor;
      let signed = 0;
      let anchored = 0;
      for (const t of tenants.filter((x) => x.kind === 'agency')) {
        const size = await withTenant(db, t.id, async (tx) => {
          const head = await findLogHead(tx);
          if (!head || head.size === 0 || (await findCheckpoint(tx, head.size))) return null;
          return (await issueCheckpoint(tx, logKeys(head.origin))).size;
        });
        if (size === null) continue;
        signed++;
        if (!provider) continue;
        try {
          await anchorCheckpoint((fn) => withTenant(db, t.id, fn), provider, size);
          anchored++;
        } catch (e) {
          logger.error({ err: e, tenant: t.id, size }, 'evidence checkpoint anchoring failed');
        }
      }
      logger.info({ signed, anchored }, 'evidence checkpoints issued');
    },
  });
}
