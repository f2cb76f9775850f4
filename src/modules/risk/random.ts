// Seeded PRNG (mulberry32) so folds, subsampling and synthetic data are reproducible from one integer seed.

/** A deterministic uniform [0,1) generator. */
export interface Rng {
  (): number;
}

/** Mulberry32: small, fast, 2^32 period; fine for sampling, not for cryptography. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace<T extends { length: number; [i: number]: number } | unknown[]>(arr: T, rng: Rng): T {
  const a = arr as unknown as unknown[];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return arr;
}

/** Standard normal via Box–Muller. */
export function randNormal(rng: Rng): number {
  let u = rng();
  while (u <= 1e-12) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
