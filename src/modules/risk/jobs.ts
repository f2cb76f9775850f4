// Background jobs of the risk module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface RiskJobsDeps {
  queue: unknown;
}

export function riskJobs(_deps: RiskJobsDeps): AnyJob[] {
  return [];
}
