// Background jobs of the privacy module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface PrivacyJobsDeps {
  queue: unknown;
}

export function privacyJobs(_deps: PrivacyJobsDeps): AnyJob[] {
  return [];
}
