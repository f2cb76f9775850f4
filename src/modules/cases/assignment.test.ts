import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseCollector, assignBatch, bandOf, regionFromResidentId, type Collector, type BalanceBand } from './assignment.js';

const cs = (...xs: Array<Partial<Collector> & { id: string }>): Collector[] => xs.map((x) => ({ active: true, openCases: 0, ...x }));
const f = (caseId: string, balanceFen = 100_00n, region: string | null = null) => ({ caseId, balanceFen, region });

describe('assignment rules', () => {
  it('round robin rotates in id order and wraps, skipping inactive and full collectors', () => {
    const col = cs({ id: 'b' }, { id: 'a' }, { id: 'c', active: false }, { id: 'd', capacity: 1, openCases: 1 });
    const r = assignBatch([f('1'), f('2'), f('3')], col, { strategy: 'round_robin' });
    expect(r.assignments.map((x) => x.collectorId)).toEqual(['a', 'b', 'a']);
    expect(r.cursor).toBe('a');
    expect(chooseCollector(f('4'), col, { strategy: 'round_robin', cursor: 'b' })?.collectorId).toBe('a');
  });

  it('region prefers collectors covering the debtor province, falls back to workload unless told not to', () => {
    const col = cs({ id: 'zj', regions: ['33'], openCases: 5 }, { id: 'bj', regions: ['11'], openCases: 1 });
    expect(chooseCollector(f('1', 1n, '33'), col, { strategy: 'region' })?.collectorId).toBe('zj');
    expect(chooseCollector(f('1', 1n, '44'), col, { strategy: 'region' })?.collectorId).toBe('bj');
    expect(chooseCollector(f('1', 1n, '44'), col, { strategy: 'region', fallback: 'none' })).toBeNull();
    expect(regionFromResidentId('33010619800101001X')).toBe('33');
  });

  it('balance band sends large balances to the senior team', () => {
    const bands: BalanceBand[] = [{ name: 'small', minFen: 0n, maxFen: 1_000_000n }, { name: 'large', minFen: 1_000_000n, maxFen: null }];
    const col = cs({ id: 'jr', bands: ['small'] }, { id: 'sr', bands: ['large'] });
    expect(chooseCollector(f('1', 999_999n), col, { strategy: 'balance_band', bands })?.collectorId).toBe('jr');
    expect(chooseCollector(f('1', 1_000_000n), col, { strategy: 'balance_band', bands })?.collectorId).toBe('sr');
    expect(bandOf(bands, -1n)).toBeNull();
  });

  it('manual assignment names the collector, who must be active', () => {
    const col = cs({ id: 'a', capacity: 0 }, { id: 'b', active: false });
    expect(chooseCollector(f('1'), col, { strategy: 'manual', collectorId: 'a' })?.collectorId).toBe('a');
    expect(chooseCollector(f('1'), col, { strategy: 'manual', collectorId: 'b' })).toBeNull();
  });

  it('property: workload assignment keeps loads within one of each other when they start equal, and never exceeds capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), (n, k, cap) => {
        const col = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, active: true, openCases: 0, capacity: cap }));
        const r = assignBatch(Array.from({ length: k }, (_, i) => f(String(i))), col, { strategy: 'workload' });
        const load = new Map(col.map((c) => [c.id, 0]));
        for (const a of r.assignments) load.set(a.collectorId, load.get(a.collectorId)! + 1);
        const v = [...load.values()];
        expect(Math.max(...v) - Math.min(...v)).toBeLessThanOrEqual(1);
        if (cap !== undefined) expect(Math.max(...v)).toBeLessThanOrEqual(cap);
        expect(r.assignments.length + r.unassigned.length).toBe(k);
        expect(r.assignments.length).toBe(cap === undefined ? k : Math.min(k, n * cap));
      }),
    );
  });
});
