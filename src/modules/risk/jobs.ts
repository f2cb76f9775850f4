// Background jobs of the risk module (pg-boss; inline when workers are off, see platform/jobs): model training on
// the synthetic demo data and batch feature computation for every open case of a tenant (both report progress in risk.runs).
import type { AnyJob } from '../../platform/jobs/index.js';
import type { DebtorKeys } from '../debtors/index.js';
import { featureBatchJob, trainJob } from './runs.js';

export interface RiskJobsDeps {
  keys: DebtorKeys;
}

export function riskJobs(deps: RiskJobsDeps): AnyJob[] {
  return [trainJob, featureBatchJob({ keys: deps.keys })];
}
