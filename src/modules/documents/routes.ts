// HTTP routes of the documents module: thin handlers over the use cases in this module (see docs/ARCHITECTURE.md).
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';

export interface DocumentsRoutesDeps {
  db: Database;
  queue: JobQueue;
}

export async function documentsRoutes(_app: App, _deps: DocumentsRoutesDeps): Promise<void> {}
