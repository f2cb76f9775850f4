// Background jobs of the compliance module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface ComplianceJobsDeps {
  queue: unknown;
}

export function complianceJobs(_deps: ComplianceJobsDeps): AnyJob[] {
  return [];
}
