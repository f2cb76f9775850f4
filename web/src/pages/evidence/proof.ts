// Browser-side RFC 9162 §2.1.3.2 inclusion check (SHA-256 via WebCrypto) against the root of the public checkpoint.
const enc = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const b = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    b.set(p, o);
    o += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', b));
}

/** Root of a checkpoint note: [origin, size, base64 root]. */
export function parseCheckpoint(note: string): { origin: string; size: number; root: Uint8Array } {
  const [origin, size, root] = note.split('\n');
  return { origin, size: Number(size), root: Uint8Array.from(atob(root), (c) => c.charCodeAt(0)) };
}

export async function verifyInclusionSha256(index: number, size: number, leafHashHex: string, proofHex: string[], root: Uint8Array): Promise<boolean> {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = enc(leafHashHex);
  const one = Uint8Array.of(1);
  for (const p of proofHex.map(enc)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(one, p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(one, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.length === root.length && r.every((x, i) => x === root[i]);
}
