// Background jobs of the cases module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface CasesJobsDeps {
  queue: unknown;
}

export function casesJobs(_deps: CasesJobsDeps): AnyJob[] {
  return [];
}
