// Background jobs of the documents module (pg-boss; inline when workers are off, see platform/jobs): batch
// generation with progress (batches.ts).
import { z } from 'zod';
import { defineJob, type AnyJob } from '../../platform/jobs/index.js';
import type { Config } from '../../platform/config.js';
import type { DebtorKeys } from '../debtors/index.js';
import { runBatch } from './batches.js';

export interface DocumentsJobsDeps {
  keys: DebtorKeys;
  config: Pick<Config, 'publicUrl'>;
}

let jobDeps: DocumentsJobsDeps | null = null;

/** Generate every document of a batch (each case in its own transaction; progress written as it goes). */
export const documentBatchJob = defineJob({
  name: 'documents.batch',
  version: 1,
  payload: z.object({ tenantId: z.string(), batchId: z.string() }),
  async handler(p, { db, logger }) {
    if (!jobDeps) throw new Error('documents jobs not configured');
    const s = await runBatch(db, jobDeps.keys, p.tenantId, p.batchId, { publicUrl: jobDeps.config.publicUrl });
    logger.info({ batchId: p.batchId, done: s.done, failed: s.failed.length }, 'document batch finished');
  },
});

export function documentsJobs(deps: DocumentsJobsDeps): AnyJob[] {
  jobDeps = { keys: deps.keys, config: deps.config };
  return [documentBatchJob];
}
