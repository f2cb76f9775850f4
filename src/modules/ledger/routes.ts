// HTTP routes of the ledger module: thin handlers over the use cases in this module (see docs/ARCHITECTURE.md).
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';

export interface LedgerRoutesDeps {
  db: Database;
  queue: JobQueue;
}

export async function ledgerRoutes(_app: App, _deps: LedgerRoutesDeps): Promise<void> {}
