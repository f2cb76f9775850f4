import { describe, expect, it } from 'vitest';
import { cosignatureSigner, cosignatureVerifier, ed25519PublicKey, ed25519Signer, generateEd25519Seed, openNote, verifierFromVkey, toBase64 } from '../../platform/crypto/index.js';
import { formatCheckpoint, openCheckpoint, parseCheckpointBody, signCheckpoint, witnessCosign, originFor } from './checkpoint.js';
import { MemoryTree } from './merkle.js';

describe('checkpoint (C2SP tlog-checkpoint)', () => {
  it('formats origin, decimal size, base64 root', () => {
    const root = new Uint8Array(32).fill(7);
    expect(formatCheckpoint({ origin: 'localhost/t-a/evidence', size: 12, root })).toBe(`localhost/t-a/evidence\n12\n${toBase64(root)}\n`);
    expect(originFor('t-a', 'recourse.example.cn')).toBe('recourse.example.cn/t-a/evidence');
  });
  it('parses strictly', () => {
    const r = toBase64(new Uint8Array(32));
    expect(parseCheckpointBody(`o\n0\n${r}\n`).size).toBe(0);
    for (const bad of [`o\n01\n${r}\n`, `o\n-1\n${r}\n`, `o\n1\n${toBase64(new Uint8Array(31))}\n`, `\n1\n${r}\n`, `o\n1\n${r}`, `o\n1\n`, `o\n1\n${r}\n\n`]) {
      expect(() => parseCheckpointBody(bad)).toThrow();
    }
  });
  it('signs and opens; checks the origin', () => {
    const s = ed25519Signer('localhost/t-a/evidence', generateEd25519Seed());
    const note = signCheckpoint({ origin: 'localhost/t-a/evidence', size: 3, root: new Uint8Array(32).fill(1) }, [s]);
    expect(openCheckpoint(note, [verifierFromVkey(s.vkey)]).checkpoint.size).toBe(3);
    expect(() => openCheckpoint(note, [verifierFromVkey(s.vkey)], { origin: 'localhost/t-b/evidence' })).toThrow(/origin/);
  });
});

describe('witness (C2SP tlog-cosignature)', () => {
  const origin = 'localhost/t-w/evidence';
  const log = ed25519Signer(origin, generateEd25519Seed());
  const wSeed = generateEd25519Seed();
  const witness = cosignatureSigner('witness.example/w1', wSeed, () => 1_780_000_000n);
  const tree = new MemoryTree('sha256');
  for (let i = 0; i < 20; i++) tree.append(Uint8Array.of(i));

  it('cosigns the first checkpoint, then only consistent extensions; refuses rollback and forks (BC-12)', async () => {
    const cp = async (n: number) => signCheckpoint({ origin, size: n, root: await tree.rootAt(n) }, [log]);
    const lv = [verifierFromVkey(log.vkey)];
    const first = witnessCosign({ alg: 'sha256', checkpoint: await cp(7), proof: [] }, { logVerifiers: lv, witness, state: {} });
    const opened = openNote(first.cosigned, [cosignatureVerifier('witness.example/w1', ed25519PublicKey(wSeed))]);
    expect(opened.verifiedBy[0].name).toBe('witness.example/w1');
    expect(openCheckpoint(first.cosigned, lv).checkpoint.size).toBe(7); // log signature still valid next to the cosignature
    expect(first.state[origin].size).toBe(7);

    const next = witnessCosign({ alg: 'sha256', checkpoint: await cp(15), proof: await tree.consistencyProof(7, 15) }, { logVerifiers: lv, witness, state: first.state });
    expect(next.state[origin].size).toBe(15);
    const cp12 = await cp(12);
    const cp20 = await cp(20);
    const wrongProof = await tree.consistencyProof(7, 20); // proof from the wrong old size
    const rightProof = await tree.consistencyProof(15, 20);
    expect(() => witnessCosign({ alg: 'sha256', checkpoint: cp12, proof: [] }, { logVerifiers: lv, witness, state: next.state })).toThrow(/older/);
    expect(() => witnessCosign({ alg: 'sha256', checkpoint: cp20, proof: wrongProof }, { logVerifiers: lv, witness, state: next.state })).toThrow(/not consistent/);
    expect(witnessCosign({ alg: 'sha256', checkpoint: cp20, proof: rightProof }, { logVerifiers: lv, witness, state: next.state }).state[origin].size).toBe(20);
    const forked = new MemoryTree('sha256');
    for (let i = 0; i < 20; i++) forked.append(Uint8Array.of(i === 3 ? 99 : i));
    const forkCp = signCheckpoint({ origin, size: 20, root: forked.root() }, [log]);
    const forkProof = await forked.consistencyProof(15, 20);
    expect(() => witnessCosign({ alg: 'sha256', checkpoint: forkCp, proof: forkProof }, { logVerifiers: lv, witness, state: next.state })).toThrow(/not consistent/);
    const sameSizeFork = signCheckpoint({ origin, size: 15, root: await forked.rootAt(15) }, [log]);
    expect(() => witnessCosign({ alg: 'sha256', checkpoint: sameSizeFork, proof: [] }, { logVerifiers: lv, witness, state: next.state })).toThrow(/fork/);
    const stranger = ed25519Signer(origin, generateEd25519Seed());
    expect(() => witnessCosign({ alg: 'sha256', checkpoint: signCheckpoint({ origin, size: 20, root: tree.root() }, [stranger]), proof: rightProof }, { logVerifiers: lv, witness, state: next.state })).toThrow(/known key/);
  });
});
