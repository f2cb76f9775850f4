// Background jobs of the ledger module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface LedgerJobsDeps {
  queue: unknown;
}

export function ledgerJobs(_deps: LedgerJobsDeps): AnyJob[] {
  return [];
}
