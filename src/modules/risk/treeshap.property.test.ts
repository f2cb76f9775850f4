// TreeSHAP (Algorithm 2) against brute-force Shapley values of the path-dependent value function
// v(S) = EXPVALUE(x, S) (Lundberg et al. 2018, Algorithm 1) on random trees with repeated features.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { treeShapRow, treeExpectedValue } from './treeshap.js';
import type { Tree } from './gbdt.js';

function expValue(t: Tree, x: number[], S: Set<number>, k = 0): number {
  if (t.feature[k] < 0) return t.value[k];
  const f = t.feature[k];
  if (S.has(f)) return expValue(t, x, S, x[f] <= t.threshold[k] ? t.left[k] : t.right[k]);
  const l = t.left[k];
  const r = t.right[k];
  return (t.cover[l] * expValue(t, x, S, l) + t.cover[r] * expValue(t, x, S, r)) / t.cover[k];
}

function bruteShapley(t: Tree, x: number[], F: number): number[] {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(F).fill(0);
  for (let i = 0; i < F; i++) {
    for (let mask = 0; mask < 1 << F; mask++) {
      if (mask & (1 << i)) continue;
      const S = new Set<number>();
      for (let j = 0; j < F; j++) if (mask & (1 << j)) S.add(j);
      const w = (fact(S.size) * fact(F - S.size - 1)) / fact(F);
      const withI = new Set(S).add(i);
      phi[i] += w * (expValue(t, x, withI) - expValue(t, x, S));
    }
  }
  return phi;
}

// random binary tree with integer covers that add up (parent = left + right)
const arbTree = (F: number) =>
  fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => {
    let s = seed;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const t: Tree = { feature: [], threshold: [], left: [], right: [], value: [], cover: [] };
    const grow = (depth: number, cover: number): number => {
      const k = t.feature.length;
      t.feature.push(-1);
      t.threshold.push(0);
      t.left.push(-1);
      t.right.push(-1);
      t.value.push(Math.round((rnd() * 4 - 2) * 100) / 100);
      t.cover.push(cover);
      if (depth < 5 && cover >= 2 && rnd() < 0.8) {
        t.feature[k] = Math.floor(rnd() * F);
        t.threshold[k] = Math.floor(rnd() * 5);
        const lc = 1 + Math.floor(rnd() * (cover - 1));
        t.left[k] = grow(depth + 1, lc);
        t.right[k] = grow(depth + 1, cover - lc);
        t.value[k] = 0;
      }
      return k;
    };
    grow(0, 100);
    return t;
  });

describe('TreeSHAP equals brute-force Shapley values (property)', () => {
  it('on random trees with repeated split features', () => {
    const F = 4;
    fc.assert(
      fc.property(arbTree(F), fc.array(fc.integer({ min: -1, max: 6 }), { minLength: F, maxLength: F }), (tree, x) => {
        const phi = new Float64Array(F);
        treeShapRow(tree, x, phi);
        const brute = bruteShapley(tree, x, F);
        for (let j = 0; j < F; j++) expect(phi[j]).toBeCloseTo(brute[j], 9);
        // local accuracy: Σφ = f(x) − E[f]
        const fx = expValue(tree, x, new Set([0, 1, 2, 3]));
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(fx - treeExpectedValue(tree), 9);
      }),
      { numRuns: 150 },
    );
  });
});
