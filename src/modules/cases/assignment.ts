// Choosing the collector for a case. Pure: the caller supplies the collectors with their current open-case counts
// and the round-robin cursor; the result names the collector and the rule that chose them (kept on the timeline so
// an assignment can be explained later). Ties always break by collector id, so the same inputs give the same answer.

export const ASSIGNMENT_STRATEGIES = ['round_robin', 'region', 'workload', 'balance_band', 'manual'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export interface Collector {
  id: string;
  active: boolean;
  /** Open cases right now. */
  openCases: number;
  /** Most open cases the collector may hold (undefined: no limit). */
  capacity?: number;
  /** Province-level region codes (GB/T 2260 first two digits, e.g. '33') the collector covers. */
  regions?: readonly string[];
  /** Balance band names the collector works (see BalanceBand). */
  bands?: readonly string[];
}

export interface BalanceBand {
  name: string;
  /** Inclusive lower bound in fen. */
  minFen: bigint;
  /** Exclusive upper bound in fen (null: no upper bound). */
  maxFen: bigint | null;
}

export interface CaseFacts {
  caseId: string;
  balanceFen: bigint;
  /** Province-level region code of the debtor (from the ID number or address), if known. */
  region?: string | null;
}

export type AssignmentPolicy =
  | { strategy: 'round_robin'; cursor?: string | null }
  | { strategy: 'workload' }
  | { strategy: 'region'; fallback?: 'workload' | 'none' }
  | { strategy: 'balance_band'; bands: readonly BalanceBand[] }
  | { strategy: 'manual'; collectorId: string };

export interface AssignmentResult {
  collectorId: string;
  strategy: AssignmentStrategy;
  /** Human-readable why, for the case timeline. */
  why: string;
  /** New round-robin cursor (the chosen collector) for the next call. */
  cursor: string;
}

const hasRoom = (c: Collector) => c.active && (c.capacity === undefined || c.openCases < c.capacity);
const byId = (a: Collector, b: Collector) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function leastLoaded(cands: Collector[]): Collector | null {
  let best: Collector | null = null;
  for (const c of [...cands].sort(byId)) if (!best || c.openCases < best.openCases) best = c;
  return best;
}

/** The band containing `fen`, or null. */
export function bandOf(bands: readonly BalanceBand[], fen: bigint): BalanceBand | null {
  return bands.find((b) => fen >= b.minFen && (b.maxFen === null || fen < b.maxFen)) ?? null;
}

/** Province code from an 18-character resident ID (first two digits), or null. */
export function regionFromResidentId(id: string | null | undefined): string | null {
  return id && /^\d{2}/.test(id) ? id.slice(0, 2) : null;
}

/** Picks the collector for one case, or null when nobody eligible has room. Manual assignment ignores capacity. */
export function chooseCollector(facts: CaseFacts, collectors: readonly Collector[], policy: AssignmentPolicy): AssignmentResult | null {
  const ok = collectors.filter(hasRoom);
  const pick = (c: Collector | null | undefined, why: string): AssignmentResult | null =>
    c ? { collectorId: c.id, strategy: policy.strategy, why, cursor: c.id } : null;
  switch (policy.strategy) {
    case 'manual': {
      const c = collectors.find((x) => x.id === policy.collectorId && x.active);
      return pick(c, 'assigned by hand');
    }
    case 'workload':
      return pick(leastLoaded(ok), 'fewest open cases');
    case 'round_robin': {
      const sorted = [...ok].sort(byId);
      if (!sorted.length) return null;
      const next = policy.cursor ? sorted.find((c) => c.id > policy.cursor!) ?? sorted[0] : sorted[0];
      return pick(next, 'next in rotation');
    }
    case 'region': {
      const local = facts.region ? ok.filter((c) => c.regions?.includes(facts.region!)) : [];
      if (local.length) return pick(leastLoaded(local), `covers region ${facts.region}`);
      if (policy.fallback === 'none') return null;
      return pick(leastLoaded(ok), `no collector for region ${facts.region ?? 'unknown'}; fewest open cases`);
    }
    case 'balance_band': {
      const band = bandOf(policy.bands, facts.balanceFen);
      if (!band) return null;
      return pick(leastLoaded(ok.filter((c) => c.bands?.includes(band.name))), `works balance band ${band.name}`);
    }
  }
}

/**
 * Assigns many cases in order, counting each assignment into the chosen collector's workload (and moving the
 * round-robin cursor) before the next case. Unassignable cases come back in `unassigned`.
 */
export function assignBatch(
  cases: readonly CaseFacts[],
  collectors: readonly Collector[],
  policy: AssignmentPolicy,
): { assignments: Array<{ caseId: string } & AssignmentResult>; unassigned: string[]; cursor: string | null } {
  const load = new Map(collectors.map((c) => [c.id, c.openCases]));
  let cursor = policy.strategy === 'round_robin' ? policy.cursor ?? null : null;
  const assignments: Array<{ caseId: string } & AssignmentResult> = [];
  const unassigned: string[] = [];
  for (const f of cases) {
    const current = collectors.map((c) => ({ ...c, openCases: load.get(c.id)! }));
    const p: AssignmentPolicy = policy.strategy === 'round_robin' ? { strategy: 'round_robin', cursor } : policy;
    const r = chooseCollector(f, current, p);
    if (!r) {
      unassigned.push(f.caseId);
      continue;
    }
    load.set(r.collectorId, load.get(r.collectorId)! + 1);
    cursor = r.cursor;
    assignments.push({ caseId: f.caseId, ...r });
  }
  return { assignments, unassigned, cursor };
}
