// Any single-bit change in any part of an evidence package that carries evidence makes verification fail
// (VERIFY.md is prose, and the manifest's copy of the vkeys is not used when trusted vkeys are given).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { canonicalBytes, ed25519Signer, fileDigests, generateEd25519Seed } from '../../platform/crypto/index.js';
import { MemoryTree } from './merkle.js';
import { signCheckpoint } from './checkpoint.js';
import { buildPackage, verifyPackage } from './package.js';

const origin = 'localhost/t-prop/evidence';
const signer = ed25519Signer(origin, generateEd25519Seed());
const tree = new MemoryTree('sm3');
const files = Array.from({ length: 12 }, (_, i) => strToU8(`file ${i}`));
const leaves = files.map((f, i) => canonicalBytes({ v: 1, type: 'document.signed', case: `case_0000000${i}`, content: { ...fileDigests(f), mediaType: 'application/pdf' } }));
leaves.forEach((l) => tree.append(l));
const old = signCheckpoint({ origin, size: 5, root: await tree.rootAt(5) }, [signer]);
const zip = buildPackage({ hash: 'sm3', origin, vkeys: [signer.vkey], checkpoint: signCheckpoint({ origin, size: 12, root: tree.root() }, [signer]),
  items: await Promise.all([1, 6, 11].map(async (i) => ({ leafIndex: i, leafBytes: leaves[i], inclusionProof: await tree.inclusionProof(i), file: { name: `d${i}.pdf`, bytes: files[i] } }))),
  consistency: { oldCheckpoint: old, proof: await tree.consistencyProof(5) } });
const entries = unzipSync(zip);
const names = Object.keys(entries).filter((n) => n !== 'VERIFY.md').sort();
const manifestText = strFromU8(entries['manifest.json']);
const vkeysStart = manifestText.indexOf('"vkeys"');
const vkeysEnd = manifestText.indexOf(']', vkeysStart);

describe('evidence package tamper property', () => {
  it('verifies untouched', () => expect(verifyPackage(zip, { vkeys: [signer.vkey] }).ok).toBe(true));
  it('fails for any single-bit change in any evidence-carrying entry', () => {
    fc.assert(fc.property(fc.constantFrom(...names), fc.nat(), fc.integer({ min: 0, max: 7 }), (name, pos, bit) => {
      const data = entries[name];
      const at = pos % data.length;
      if (name === 'manifest.json' && at >= vkeysStart && at <= vkeysEnd) return; // unused copy of the keys
      const changed = { ...entries, [name]: Uint8Array.from(data) };
      changed[name][at] ^= 1 << bit;
      const r = verifyPackage(zipSync(changed), { vkeys: [signer.vkey] });
      expect(r.ok, `${name}@${at} bit ${bit}`).toBe(false);
    }), { numRuns: 300 });
  });
});
