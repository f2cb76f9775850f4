// Background jobs of the cases module (pg-boss; inline when workers are off, see platform/jobs): imports started
// over HTTP, and the SLA sweep (sla-alerts.ts) that gives assignees a task and an e-mail for cases at risk or in
// breach (idempotent, once per case and status).
import type { AnyJob } from '../../platform/jobs/index.js';
import type { Messenger } from '../../platform/messaging/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { importJob } from './import-jobs.js';
import { slaAlertsJob } from './sla-alerts.js';

export interface CasesJobsDeps {
  keys: DebtorKeys;
  messenger: Pick<Messenger, 'send'>;
}

export function casesJobs(deps: CasesJobsDeps): AnyJob[] {
  return [importJob({ keys: deps.keys }), slaAlertsJob({ messenger: deps.messenger })];
}
