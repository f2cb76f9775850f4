// BC-11/BC-12 on the whole application (real sign-in, real HTTP): a registered witness pushes its cosignature over
// HTTP and the public checkpoint then carries it; unregistered or forged cosignatures are refused; checkpoints are
// anchored to the configured (file) anchor with the receipt stored and listed; the case read model reports
// checkpoint / witnessed / anchored per item; a case package downloads and verifies offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testApp, signIn, type Session } from '../../../test/support/app.js';
import type { Recourse } from '../../app.js';
import { withTenant } from '../../platform/db/index.js';
import { cosignatureSigner, generateEd25519Seed, signNote } from '../../platform/crypto/index.js';
import { appendEvidenceBatch, anchorCheckpoint, listAnchorReceipts, verifyPackage, Rfc3161AnchorProvider } from './index.js';
import { runWitnessRound, pushCosignature } from '../../cli/evidence.js';

const anchorFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anchor-')), 'anchor.log');
process.env.RECOURSE_EVIDENCE_ANCHOR = `file:${anchorFile}`;

let r: Recourse;
let admin: Session;
let collector: Session;
let url: string;
const caseId = 'case_witnesstest01';
const base = '/api/v1/evidence/logs/demo';

beforeAll(async () => {
  r = await testApp();
  admin = await signIn(r, 'demo', 'admin@demo.recourse.test', 'Recourse-demo-2026');
  collector = await signIn(r, 'demo', 'collector@demo.recourse.test', 'Recourse-demo-2026');
  await withTenant(r.db, admin.body.tenant.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: 5 }, (_, i) => ({
    type: 'contact.attempted', case: caseId, actor: 'system', occurredAt: '2026-11-29T02:00:00.000Z', meta: { attempt: i },
  }))));
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await r.app.close();
});

const inject = (s: Session | null, method: 'GET' | 'POST', u: string, payload?: unknown) =>
  r.app.inject({ method, url: u, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('witness cosignatures over HTTP (BC-12)', () => {
  const seed = generateEd25519Seed();
  const name = 'witness.example.org/w1';
  const vkey = cosignatureSigner(name, seed).vkey;

  it('refuses an unregistered witness, accepts a registered one, and serves its line publicly', async () => {
    expect((await inject(admin, 'POST', '/api/v1/evidence/checkpoints')).statusCode).toBe(200);
    const logVkeys = (await inject(null, 'GET', `${base}/vkeys`)).json().vkeys.map((k: { vkey: string }) => k.vkey);
    const round = await runWitnessRound({ log: `${url}${base}`, logVkeys, seed, name, state: {} });
    await expect(pushCosignature(`${url}${base}`, round.cosigned)).rejects.toThrow(/HTTP 403.*EVIDENCE_WITNESS_UNKNOWN/);

    // only the tenant admin registers witnesses; a malformed key names the field
    expect((await inject(collector, 'POST', '/api/v1/evidence/witnesses', { vkey })).statusCode).toBe(403);
    const bad = await inject(admin, 'POST', '/api/v1/evidence/witnesses', { vkey: `${vkey.slice(0, -4)}AAAA` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('EVIDENCE_WITNESS_VKEY_INVALID');
    const reg = await inject(admin, 'POST', '/api/v1/evidence/witnesses', { vkey });
    expect(reg.statusCode).toBe(200);
    expect(reg.json()).toMatchObject({ name, algorithm: 'cosignature/v1' });

    const pushed = await pushCosignature(`${url}${base}`, round.cosigned);
    expect(pushed).toEqual({ size: round.size, witnesses: [name] });
    const publicNote = (await inject(null, 'GET', `${base}/checkpoint`)).body;
    expect(publicNote).toContain(`— ${name} `);
    const atSize = await inject(null, 'GET', `${base}/checkpoints/${round.size}`);
    expect(atSize.body).toBe(publicNote);
    const ov = (await inject(collector, 'GET', '/api/v1/evidence/overview')).json();
    expect(ov.checkpoints[0]).toMatchObject({ size: round.size, cosignatures: [{ witnessName: name, witnessVkey: vkey }] });
  });

  it('refuses a forged cosignature line and a cosignature over a checkpoint the log never issued', async () => {
    const logVkeys = (await inject(null, 'GET', `${base}/vkeys`)).json().vkeys.map((k: { vkey: string }) => k.vkey);
    const round = await runWitnessRound({ log: `${url}${base}`, logVkeys, seed, name, state: {} });
    const lines = round.cosigned.split('\n');
    const i = lines.findIndex((l) => l.startsWith(`— ${name} `));
    const sig = Buffer.from(lines[i].split(' ').pop()!, 'base64');
    sig[sig.length - 1] ^= 1; // flip one bit of the Ed25519 signature
    lines[i] = `— ${name} ${sig.toString('base64')}`;
    const forged = await inject(null, 'POST', `${base}/cosignatures`, { checkpoint: lines.join('\n') });
    expect(forged.statusCode).toBe(422);
    expect(forged.json().code).toBe('EVIDENCE_COSIGNATURE_INVALID');
    // a different root at the same size (split view): the witness cosigns its own text, the log refuses it
    const body = round.cosigned.split('\n\n')[0].split('\n');
    body[2] = Buffer.alloc(32, 7).toString('base64');
    const fake = signNote(`${body.join('\n')}\n`, [cosignatureSigner(name, seed)]);
    const split = await inject(null, 'POST', `${base}/cosignatures`, { checkpoint: fake });
    expect(split.statusCode).toBe(422);
    expect((await inject(null, 'POST', `${base}/cosignatures`, { checkpoint: 'not a note' })).statusCode).toBe(400);
  });
});

describe('anchoring checkpoints (BC-12, BC-13)', () => {
  it('submits the latest checkpoint to the configured anchor, stores and lists the receipt', async () => {
    expect((await inject(collector, 'POST', '/api/v1/evidence/anchors', {})).statusCode).toBe(403);
    const res = await inject(admin, 'POST', '/api/v1/evidence/anchors', {});
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.provider).toBe('file');
    expect(fs.readFileSync(anchorFile, 'utf8')).toContain(` localhost/demo/evidence ${a.size}\n`);
    const list = (await inject(collector, 'GET', '/api/v1/evidence/anchors')).json();
    expect(list.map((x: { id: string }) => x.id)).toContain(a.id);
    const receipt = await inject(admin, 'GET', `/api/v1/evidence/anchors/${a.id}/receipt`);
    expect(receipt.body).toContain(` ${a.size}\n`);
    expect((await inject(admin, 'POST', `/api/v1/evidence/anchors/${a.id}/verify`)).json()).toEqual({ ok: true, reasons: [] });
    expect((await inject(admin, 'GET', '/api/v1/evidence/anchors/anc_doesnotexist/receipt')).statusCode).toBe(404);
    const ov = (await inject(admin, 'GET', '/api/v1/evidence/overview')).json();
    expect(ov.anchorConfigured).toBe(true);
    expect(ov.checkpoints.find((c: { size: number }) => c.size === a.size).anchors.map((x: { id: string }) => x.id)).toContain(a.id);
  });

  it('a failing anchor stores nothing and reports EVIDENCE_ANCHOR_FAILED (no pretend success)', async () => {
    const t = admin.body.tenant.id;
    const before = (await withTenant(r.db, t, (tx) => listAnchorReceipts(tx))).length;
    const dead = new Rfc3161AnchorProvider({ url: 'http://127.0.0.1:9/tsr', trustedCertsPem: [] });
    await expect(anchorCheckpoint((fn) => withTenant(r.db, t, fn), dead)).rejects.toMatchObject({ code: 'EVIDENCE_ANCHOR_FAILED' });
    expect((await withTenant(r.db, t, (tx) => listAnchorReceipts(tx))).length).toBe(before);
  });
});

describe('case read model and case package (BC-11)', () => {
  it('lists the case items with checkpoint, witness and anchor status; the case package verifies offline', async () => {
    const items = (await inject(collector, 'GET', `/api/v1/evidence/items?caseId=${caseId}`)).json();
    expect(items.items).toHaveLength(5);
    for (const it of items.items) {
      expect(it.caseId).toBe(caseId);
      expect(it.checkpointSize).toBeGreaterThan(it.leafIndex);
      expect(it.witnessed).toBe(true);
      expect(it.anchored).toBe(true);
    }
    // a new item is not yet covered by any checkpoint
    await withTenant(r.db, admin.body.tenant.id, (tx) => appendEvidenceBatch(tx, [{ type: 'payment.received', case: caseId, actor: 'system', occurredAt: '2026-11-29T03:00:00.000Z' }]));
    const after = (await inject(collector, 'GET', `/api/v1/evidence/items?caseId=${caseId}`)).json().items;
    expect(after[0]).toMatchObject({ checkpointSize: null, witnessed: false, anchored: false });

    expect((await inject(collector, 'GET', `/api/v1/evidence/packages?caseId=${caseId}`)).statusCode).toBe(403);
    expect((await inject(admin, 'GET', `/api/v1/evidence/packages?caseId=${caseId}&leaves=1`)).statusCode).toBe(400);
    const pkg = await inject(admin, 'GET', `/api/v1/evidence/packages?caseId=${caseId}`);
    expect(pkg.statusCode).toBe(200);
    expect(pkg.headers['content-disposition']).toContain(`evidence-${caseId}.zip`);
    const vkeys = (await inject(null, 'GET', `${base}/vkeys`)).json().vkeys.map((k: { vkey: string }) => k.vkey);
    const v = verifyPackage(new Uint8Array(pkg.rawPayload), { vkeys, origin: 'localhost/demo/evidence' });
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.items.map((i) => i.leafIndex)).toEqual(items.items.map((i: { leafIndex: number }) => i.leafIndex).sort((a: number, b: number) => a - b));
    expect((await inject(admin, 'GET', '/api/v1/evidence/packages?caseId=case_nothinghere00')).json().code).toBe('EVIDENCE_LEAF_NOT_FOUND');
  });
});
