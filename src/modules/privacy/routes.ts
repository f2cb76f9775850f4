// HTTP routes of the privacy module: thin handlers over the use cases in this module.
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/index.js';

export interface PrivacyRoutesDeps {
  db: Database;
}

export async function privacyRoutes(_app: App, _deps: PrivacyRoutesDeps): Promise<void> {}
