// RFC 3161 anchor against a real TSA: `openssl ts -reply` behind a loopback HTTP server (skipped without openssl).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { getTestDb, createTestTenant } from '../../../platform/db/testing.js';
import { withTenant } from '../../../platform/db/index.js';
import { appendEvidenceBatch, deriveLogKeys, getLatestCheckpoint, getLogHead, issueCheckpoint, listAnchorReceipts, recordAnchorReceipt } from '../index.js';
import { FileAnchorProvider } from './anchor.js';
import { Rfc3161AnchorProvider, checkTimeStampResponse } from './rfc3161.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsa-'));

function makeTsa(name: string) {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${d}/tsa.key`, '-out', `${d}/tsa.crt`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'keyUsage=critical,digitalSignature'], { stdio: 'ignore' });
  fs.writeFileSync(`${d}/serial`, '01\n');
  fs.writeFileSync(`${d}/tsa.cnf`, `[ tsa ]\ndefault_tsa = t\n[ t ]\ndir = ${d}\nserial = $dir/serial\ncrypto_device = builtin\nsigner_cert = $dir/tsa.crt\ncerts = $dir/tsa.crt\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = no\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`);
  return { dir: d, certPem: fs.readFileSync(`${d}/tsa.crt`, 'utf8') };
}

describe.skipIf(!hasOpenssl)('RFC 3161 anchor (BC-12, BC-13)', async () => {
  const tsa = makeTsa('Test TSA');
  const other = makeTsa('Other TSA');
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const q = `${tsa.dir}/q${++n}.der`;
      fs.writeFileSync(q, Buffer.concat(chunks));
      const r = spawnSync('openssl', ['ts', '-reply', '-config', `${tsa.dir}/tsa.cnf`, '-queryfile', q, '-out', `${q}.resp`]);
      if (r.status !== 0) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(fs.readFileSync(`${q}.resp`));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  const db = await getTestDb();

  it('time-stamps the latest checkpoint; openssl agrees; the receipt is stored and re-verifies', async () => {
    const t = await createTestTenant(db);
    await withTenant(db, t.id, (tx) => appendEvidenceBatch(tx, [{ type: 'document.signed', actor: 'system', occurredAt: '2026-11-29T03:00:00.000Z' }]));
    const cp = await withTenant(db, t.id, async (tx) => issueCheckpoint(tx, deriveLogKeys(Buffer.alloc(32, 1), (await getLogHead(tx)).origin)));
    const head = await withTenant(db, t.id, getLogHead);
    const req = { origin: head.origin, size: cp.size, rootHex: cp.rootHex, checkpoint: cp.note };
    const p = new Rfc3161AnchorProvider({ url, trustedCertsPem: [tsa.certPem] });
    const receipt = await p.anchor(req);
    expect(Math.abs(receipt.anchoredAt.getTime() - Date.now())).toBeLessThan(120_000);
    // independent check with openssl
    fs.writeFileSync(`${dir}/cp.txt`, cp.note);
    fs.writeFileSync(`${dir}/r.der`, receipt.receipt);
    const v = spawnSync('openssl', ['ts', '-verify', '-data', `${dir}/cp.txt`, '-in', `${dir}/r.der`, '-CAfile', `${tsa.dir}/tsa.crt`], { encoding: 'utf8' });
    expect(v.stdout).toContain('Verification: OK');
    await withTenant(db, t.id, (tx) => recordAnchorReceipt(tx, cp.size, receipt));
    const stored = await withTenant(db, t.id, (tx) => listAnchorReceipts(tx, cp.size));
    expect(stored).toHaveLength(1);
    expect(stored[0].reference).toBe(receipt.reference);
    expect((await p.verify(req, { ...stored[0] })).ok).toBe(true);
    expect((await withTenant(db, t.id, getLatestCheckpoint)).size).toBe(1);
  });

  it('rejects a receipt for another checkpoint, a changed signature, and an untrusted TSA', async () => {
    const p = new Rfc3161AnchorProvider({ url, trustedCertsPem: [tsa.certPem] });
    const req = { origin: 'localhost/x/evidence', size: 3, rootHex: '00'.repeat(32), checkpoint: 'localhost/x/evidence\n3\nAAAA\n\n— k sig\n' };
    const receipt = await p.anchor(req);
    expect((await p.verify({ ...req, checkpoint: req.checkpoint.replace('3', '4') }, receipt)).reasons.join()).toMatch(/message imprint/);
    const bad = Uint8Array.from(receipt.receipt);
    bad[bad.length - 10] ^= 1; // inside the RSA signature at the end of the SignerInfo
    expect((await p.verify(req, { ...receipt, receipt: bad })).ok).toBe(false);
    const pinnedOther = new Rfc3161AnchorProvider({ url, trustedCertsPem: [other.certPem] });
    await expect(pinnedOther.anchor(req)).rejects.toThrow(/not the trusted TSA/);
    expect(checkTimeStampResponse(Uint8Array.of(1, 2, 3), new Uint8Array(32)).ok).toBe(false);
  });

  it('the file anchor records and re-checks a line', async () => {
    const f = new FileAnchorProvider(path.join(dir, 'anchors.log'));
    const req = { origin: 'o', size: 1, rootHex: '00'.repeat(32), checkpoint: 'o\n1\nAAAA\n\n— o x\n' };
    const r = await f.anchor(req);
    expect((await f.verify(req, r)).ok).toBe(true);
    expect((await f.verify({ ...req, checkpoint: 'other' }, r)).ok).toBe(false);
  });
});
