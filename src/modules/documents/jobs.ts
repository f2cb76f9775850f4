// Background jobs of the documents module (pg-boss; inline when workers are off, see platform/jobs).
import type { AnyJob } from '../../platform/jobs/index.js';

export interface DocumentsJobsDeps {
  queue: unknown;
}

export function documentsJobs(_deps: DocumentsJobsDeps): AnyJob[] {
  return [];
}
