// Test factories for the risk module (import only from *.test.ts). Small seeded synthetic classification data.
import type { Dataset } from './dataset.js';
import { createRng, randNormal } from './random.js';

/** n rows, `nFeatures` numeric features; y depends on x0 (strong), x1 (non-linear), x2 (weak); others are noise. */
export function makeClassificationData(n: number, seed = 1, nFeatures = 6): { x: Dataset; y: Uint8Array } {
  const rng = createRng(seed);
  const columns = Array.from({ length: nFeatures }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nFeatures; j++) columns[j][i] = randNormal(rng);
    const eta = -1 + 1.5 * columns[0][i] + (columns[1][i] ** 2 - 1) + 0.3 * columns[2][i];
    y[i] = rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x: { names: columns.map((_, j) => `x${j}`), columns, nRows: n }, y };
}
