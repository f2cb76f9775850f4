// Privacy module (top of the module list): data-subject rights in the debtor portal, retention purge with legal
// hold, processing records and PIAs (PI-01..PI-22). It calls the modules below it; none of them call it.
export { privacyRoutes } from './routes.js';
export { privacyJobs } from './jobs.js';
