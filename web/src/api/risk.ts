// Response types of the risk API (/api/v1/risk/*). Money is a decimal string in yuan.
export type Arm = 'champion' | 'challenger';
export type DriftStatus = 'stable' | 'moderate' | 'significant';
export type Stat = { mean: number; std: number; min: number; max: number };

export interface ModelVersion {
  version: string;
  kind: 'gbdt' | 'scorecard';
  target: string;
  dataSha256: string;
  trainingRows: number;
  featureNames: string[];
  excludedProtected: string[];
  metrics: { folds: number; seed: number; auc: Stat; ks: Stat; gini: Stat; trainMs: Stat } | null;
  trainedBy: string;
  trainedAt: string;
  registeredBy: string;
  registeredAt: string;
}

export interface Deployment {
  championVersion: string;
  challengerVersion: string | null;
  challengerShareBps: number;
}

export interface Reason {
  feature: string;
  value: number | null;
  impact: number;
  text: string;
}

export interface CaseScore {
  scoreId: string;
  caseId: string;
  modelVersion: string;
  arm: Arm;
  pd: number;
  points: number | null;
  reasons: Reason[];
  scoredAt: string;
}

export interface PlanStep {
  day: number;
  channel: 'voice' | 'sms' | 'im' | 'email' | 'letter';
  attempts: number;
  fromHour: number;
  toHour: number;
  purpose: string;
}

export interface StoredPlan {
  planId: string;
  caseId: string;
  scoreId: string;
  status: 'proposed' | 'accepted' | 'rejected';
  plan: {
    segment: 'low' | 'medium' | 'high' | 'very_high';
    steps: PlanStep[];
    caps: { voiceConversationsPerDay: number; dialAttemptsPerDay: number; messagesPerDay: number; messagesPer7Days: number; allowedFromHour: number; allowedToHour: number };
    settlement: { min: string; max: string; minDiscountBps: number; maxDiscountBps: number; reasons: string[] };
    recommendations: { kind: string; reasons: string[]; rules: string[] }[];
    explanation: string[];
    review: { requestPath: string; note: string };
  };
  inputs: { pd: number; balance: string; dpd: number; reachRate: number; channels: string[]; maxDiscountBps: number; creditorPolicyDefault: boolean; limitationDaysLeft: number | null };
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface CaseRisk {
  score: CaseScore | null;
  plan: StoredPlan | null;
  deployment: Deployment | null;
  openReviewRequests: number;
}

export interface Run {
  id: string;
  kind: 'train' | 'features';
  status: 'queued' | 'running' | 'done' | 'failed';
  stage: string;
  total: number;
  processed: number;
  params: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface ModelCharts {
  holdoutRows: number;
  holdout: { auc: number; ks: number; gini: number };
  roc: { fpr: number; tpr: number }[];
  ks: { population: number; bad: number; good: number }[];
  calibration: { meanPredicted: number; observedRate: number; count: number }[];
  importance: { feature: string; importance: number }[];
}

export interface Drift {
  version: string;
  currentRows: number;
  referenceRows: number;
  worst: DriftStatus | null;
  features: { feature: string; psi: number; status: DriftStatus; bins: { upper: string; expectedShare: number; actualShare: number }[] }[];
}

export interface ReviewRequest {
  id: string;
  caseId: string;
  scoreId: string | null;
  requesterKind: 'debtor' | 'staff';
  requestedBy: string;
  reason: string;
  status: 'open' | 'resolved';
  resolution: string | null;
}

export interface BankStatement {
  id: string;
  caseId: string;
  fileSha256: string;
  txCount: number;
  from: string | null;
  to: string | null;
  categories: Record<string, number>;
  importedAt: string;
}

/** Band of a default probability (same cut-offs as the server's plan segments). */
export function bandOf(pd: number): 'low' | 'medium' | 'high' | 'very_high' {
  return pd < 0.2 ? 'low' : pd < 0.45 ? 'medium' : pd < 0.7 ? 'high' : 'very_high';
}
