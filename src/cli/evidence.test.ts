// `recourse evidence verify` exit codes on real package files: 0 valid, 1 invalid, 2 unreadable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { unzipSync, zipSync } from 'fflate';
import { canonicalBytes, ed25519Signer, generateEd25519Seed } from '../platform/crypto/index.js';
import { MemoryTree } from '../modules/evidence/merkle.js';
import { signCheckpoint } from '../modules/evidence/checkpoint.js';
import { buildPackage } from '../modules/evidence/package.js';
import { registerEvidenceCommands } from './evidence.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-cli-'));
const origin = 'localhost/t-cli/evidence';
const signer = ed25519Signer(origin, generateEd25519Seed());
const tree = new MemoryTree('sha256');
const leaves = [0, 1, 2].map((i) => canonicalBytes({ v: 1, type: 'contact.attempted', i }));
leaves.forEach((l) => tree.append(l));
const zip = buildPackage({ hash: 'sha256', origin, vkeys: [signer.vkey], checkpoint: signCheckpoint({ origin, size: 3, root: tree.root() }, [signer]),
  items: [{ leafIndex: 1, leafBytes: leaves[1], inclusionProof: await tree.inclusionProof(1), file: null }] });

async function run(args: string[]): Promise<number> {
  const program = new Command().exitOverride();
  registerEvidenceCommands(program);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'recourse', ...args]);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

describe('recourse evidence verify', () => {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  afterEach(() => { out.mockClear(); err.mockClear(); });

  it('exits 0 for a valid package with the trusted vkey', async () => {
    fs.writeFileSync(path.join(dir, 'ok.zip'), zip);
    expect(await run(['evidence', 'verify', path.join(dir, 'ok.zip'), '--vkey', signer.vkey])).toBe(0);
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('VALID');
  });
  it('exits 1 for a tampered package or the wrong key', async () => {
    const f = unzipSync(zip);
    f['leaves/1.json'][5] ^= 1;
    fs.writeFileSync(path.join(dir, 'bad.zip'), zipSync(f));
    expect(await run(['evidence', 'verify', path.join(dir, 'bad.zip'), '--vkey', signer.vkey])).toBe(1);
    const other = ed25519Signer(origin, generateEd25519Seed());
    expect(await run(['evidence', 'verify', path.join(dir, 'ok.zip'), '--vkey', other.vkey])).toBe(1);
  });
  it('exits 2 for a missing file or a non-zip', async () => {
    expect(await run(['evidence', 'verify', path.join(dir, 'nope.zip')])).toBe(2);
    fs.writeFileSync(path.join(dir, 'junk.zip'), 'hello');
    expect(await run(['evidence', 'verify', path.join(dir, 'junk.zip')])).toBe(2);
  });
});
