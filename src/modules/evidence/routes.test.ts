// Public evidence routes on the real HTTP stack (platform createHttpApp + this plugin), and the witness talking to
// them over a real loopback socket.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { createHttpApp } from '../../platform/http/server.js';
import { loadConfig } from '../../platform/config.js';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant } from '../../platform/db/index.js';
import { fromHex, generateEd25519Seed, cosignatureSigner, cosignatureVerifier, ed25519PublicKey, openNote, verifierFromVkey } from '../../platform/crypto/index.js';
import type { Principal } from '../../platform/http/access.js';
import { appendEvidenceBatch, deriveLogKeys, evidenceRoutes, getLogHead, issueCheckpoint, openCheckpoint, verifyInclusion, verifyConsistency, verifyPackage } from './index.js';
import { runWitnessRound } from '../../cli/evidence.js';

const db = await getTestDb();
const secret = randomBytes(32);
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0', DATABASE_URL: '' });
const tenant = await createTestTenant(db);
// The authenticator stands in for sign-in (covered by the tenants module): header x-test-role → a principal of this tenant.
const authenticate = async (req: FastifyRequest): Promise<Principal | null> => {
  const role = req.headers['x-test-role'];
  if (typeof role !== 'string') return null;
  return { kind: 'user', id: 'usr_test', userId: 'usr_test', role: role as Principal['role'], displayName: 'T',
    tenant: { id: tenant.id, slug: tenant.slug, status: 'active', kind: 'agency', scopes: [], lawFirm: 'none', hashAlgorithm: 'sha256' } };
};
const app = await createHttpApp({ db, config, logger: pino({ level: 'silent' }), authenticate, platformTenantId: () => undefined, isReady: () => true });
await app.register(async (scope) => evidenceRoutes(scope as typeof app, { db, logKeys: (origin) => deriveLogKeys(secret, origin) }));
await app.ready();
afterAll(() => app.close());

const rec = (i: number) => ({ type: 'payment.received', case: `case_${String(i).padStart(8, '0')}`, actor: 'system', occurredAt: '2026-11-29T02:00:00.000Z' });
const base = `/api/v1/evidence/logs/${tenant.slug}`;

describe('evidence routes', () => {
  it('serves checkpoint, vkeys and proofs that verify (public)', async () => {
    await withTenant(db, tenant.id, (tx) => appendEvidenceBatch(tx, Array.from({ length: 11 }, (_, i) => rec(i))));
    const signed = await app.inject({ method: 'POST', url: '/api/v1/evidence/checkpoints', headers: { 'x-test-role': 'tenant_admin' } });
    expect(signed.statusCode).toBe(200);
    const cpText = (await app.inject({ method: 'GET', url: `${base}/checkpoint` }));
    expect(cpText.headers['content-type']).toMatch(/text\/plain/);
    const info = (await app.inject({ method: 'GET', url: `${base}/vkeys` })).json();
    expect(info.origin).toBe(`localhost/${tenant.slug}/evidence`);
    const cp = openCheckpoint(cpText.body, info.vkeys.map((k: { vkey: string }) => verifierFromVkey(k.vkey)), { origin: info.origin }).checkpoint;
    expect(cp.size).toBe(11);
    const p = (await app.inject({ method: 'GET', url: `${base}/proof/inclusion?index=7` })).json();
    expect(verifyInclusion('sha256', 7, cp.size, fromHex(p.leafHash), p.proof.map(fromHex), cp.root)).toBe(true);
    expect((await app.inject({ method: 'GET', url: `${base}/proof/inclusion?index=11` })).json().code).toBe('EVIDENCE_LEAF_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: `${base}/proof/inclusion?index=-1` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/v1/evidence/logs/no-such-tenant/checkpoint` })).statusCode).toBe(404);
    await withTenant(db, tenant.id, (tx) => appendEvidenceBatch(tx, [rec(20), rec(21)]));
    await withTenant(db, tenant.id, async (tx) => issueCheckpoint(tx, deriveLogKeys(secret, (await getLogHead(tx)).origin)));
    const c = (await app.inject({ method: 'GET', url: `${base}/proof/consistency?from=11` })).json();
    const cp2 = openCheckpoint((await app.inject({ method: 'GET', url: `${base}/checkpoint` })).body, info.vkeys.map((k: { vkey: string }) => verifierFromVkey(k.vkey))).checkpoint;
    expect(verifyConsistency('sha256', 11, 13, c.proof.map(fromHex), cp.root, cp2.root)).toBe(true);
  });

  it('export and audit need a staff role', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/evidence/audit' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/evidence/audit', headers: { 'x-test-role': 'collector' } })).statusCode).toBe(403);
    const audit = await app.inject({ method: 'GET', url: '/api/v1/evidence/audit', headers: { 'x-test-role': 'compliance_officer' } });
    expect(audit.json().ok).toBe(true);
    const pkg = await app.inject({ method: 'POST', url: '/api/v1/evidence/packages', headers: { 'x-test-role': 'legal_officer' }, payload: { leafIndices: [3, 12], fromSize: 11 } });
    expect(pkg.statusCode).toBe(200);
    expect(pkg.headers['content-type']).toBe('application/zip');
    const vkey = (await app.inject({ method: 'GET', url: `${base}/vkeys` })).json().vkeys[0].vkey;
    const r = verifyPackage(new Uint8Array(pkg.rawPayload), { vkeys: [vkey] });
    expect(r.reasons).toEqual([]);
    expect(r.consistency?.ok).toBe(true);
  });

  it('a witness cosigns over real HTTP, then refuses a log that rewrote its history', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const vkeys = (await (await fetch(`${url}${base}/vkeys`)).json()).vkeys.map((k: { vkey: string }) => k.vkey);
    const seed = generateEd25519Seed();
    const first = await runWitnessRound({ log: `${url}${base}`, logVkeys: vkeys, seed, name: 'witness.test/w', state: {} });
    expect(openNote(first.cosigned, [cosignatureVerifier('witness.test/w', ed25519PublicKey(seed))]).verifiedBy.length).toBe(1);
    await withTenant(db, tenant.id, (tx) => appendEvidenceBatch(tx, [rec(30), rec(31), rec(32)]));
    await withTenant(db, tenant.id, async (tx) => issueCheckpoint(tx, deriveLogKeys(secret, (await getLogHead(tx)).origin)));
    const second = await runWitnessRound({ log: `${url}${base}`, logVkeys: vkeys, seed, name: 'witness.test/w', state: first.state });
    expect(second.size).toBe(first.size + 3);
    // A state that remembers a different root at the old size (as if the log forked) makes the witness refuse.
    const forkedState = { ...second.state, [Object.keys(second.state)[0]]: { size: first.size, root: Buffer.alloc(32, 9).toString('base64') } };
    await expect(runWitnessRound({ log: `${url}${base}`, logVkeys: vkeys, seed, name: 'witness.test/w', state: forkedState })).rejects.toThrow(/not consistent/);
    expect(cosignatureSigner('witness.test/w', seed).vkey).toContain('witness.test/w+');
  });
});
