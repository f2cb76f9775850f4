// CLI for the evidence log: offline package verification, export, audit, checkpoints, and the witness.
//   recourse evidence verify <zip> [--vkey <vkey>…] [--origin <origin>] [--json]   exit 0 valid, 1 invalid, 2 unreadable (no file / not a zip)
//   recourse evidence export --tenant <slug> --leaves 0,5,9 [--from-size N] --out pkg.zip
//   recourse evidence audit --tenant <slug> [--json]                                 exit 0 clean, 1 findings
//   recourse evidence checkpoint --tenant <slug>          (log key derived from the installation secrets, as the server does)
//   recourse evidence cosign --tenant <slug> --size N --note <file> --witness-vkey <vkey>
//   recourse witness keygen --name <name> --out <seed file>
//   recourse evidence anchor --tenant <slug> [--size N]   (submit to RECOURSE_EVIDENCE_ANCHOR, store the receipt)
//   recourse evidence witness-add --tenant <slug> --vkey <witness vkey>
//   recourse witness cosign --log <base URL> --log-vkey <vkey>… --key <seed file> --name <name> --state <file> [--push]
//     (--push: POST the cosigned checkpoint to <base URL>/cosignatures; exit 1 and no state change on a split view)
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../platform/config.js';
import { loadSecrets, deriveSecret } from '../platform/secrets.js';
import { openDatabase } from '../app.js';
import { withPlatform, withTenant, one, sql, type Database } from '../platform/db/index.js';
import { cosignatureSigner, fromBase64, fromHex, generateEd25519Seed, toBase64, verifierFromVkey, isHashAlgorithm, type HashAlgorithm } from '../platform/crypto/index.js';
import {
  anchorCheckpoint, anchorFromEnv, registerWitness, auditLog, deriveLogKeys, ensureEvidenceLog, exportEvidencePackage, issueCheckpoint, parseCheckpointBody, recordCosignature, verifyPackage,
  witnessCosign, type WitnessState,
} from '../modules/evidence/index.js';
import { parseNote } from '../platform/crypto/index.js';
import { printJson, printTable, fail } from './output.js';

async function withTenantDb<T>(slug: string, fn: (db: Database, tenantId: string) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  try {
    const t = await withPlatform(db, (tx) => one<{ id: string }>(tx, sql`SELECT id FROM tenants.tenants WHERE slug = ${slug}`));
    if (!t) throw Object.assign(new Error(`no tenant with slug ${slug}`), { code: 'TENANT_NOT_FOUND' });
    return await fn(db, t.id);
  } finally {
    await db.close();
  }
}

/**
 * The secret the log keys derive from: the installation's derived secret for 'evidence-log-keys' (the same one the
 * server uses, from RECOURSE_KEYS or DATA_DIR/secrets.json), unless RECOURSE_EVIDENCE_SECRET overrides it.
 */
export function evidenceSecret(env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const s = env.RECOURSE_EVIDENCE_SECRET;
  if (!s) return new Uint8Array(deriveSecret(loadSecrets(loadConfig(env)), 'evidence-log-keys'));
  const b = Buffer.from(s, 'base64');
  if (b.length < 32) throw new Error('RECOURSE_EVIDENCE_SECRET must decode to at least 32 bytes');
  return new Uint8Array(b);
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** POST the cosigned checkpoint to the log's public cosignature route. */
export async function pushCosignature(logBase: string, cosigned: string, post: typeof fetch = fetch): Promise<{ size: number; witnesses: string[] }> {
  const url = `${logBase.replace(/\/+$/, '')}/cosignatures`;
  const r = await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkpoint: cosigned }) });
  const body = await r.text();
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as { size: number; witnesses: string[] };
}

/** Fetch text from a URL (witness talking to a log's public routes). */
async function fetchText(url: string): Promise<string> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

export interface WitnessRunOptions {
  log: string;
  logVkeys: string[];
  seed: Uint8Array;
  name: string;
  state: WitnessState;
  alg?: HashAlgorithm;
  fetchText?: (url: string) => Promise<string>;
}

/**
 * One witness round against a log's public routes: fetch the checkpoint, fetch the consistency proof from the last
 * size this witness cosigned for that origin, check, cosign. Returns the cosigned checkpoint and the new state.
 */
export async function runWitnessRound(o: WitnessRunOptions): Promise<{ cosigned: string; state: WitnessState; size: number }> {
  const get = o.fetchText ?? fetchText;
  const base = o.log.replace(/\/+$/, '');
  const note = await get(`${base}/checkpoint`);
  const cp = parseCheckpointBody(parseNote(note).text);
  const info = JSON.parse(await get(`${base}/vkeys`)) as { hash?: string };
  const alg = o.alg ?? (isHashAlgorithm(info.hash) ? info.hash : 'sha256');
  const last = o.state[cp.origin];
  let proof: Uint8Array[] = [];
  if (last && last.size > 0 && cp.size > last.size) {
    const p = JSON.parse(await get(`${base}/proof/consistency?from=${last.size}&to=${cp.size}`)) as { proof: string[] };
    proof = p.proof.map(fromHex);
  }
  const witness = cosignatureSigner(o.name, o.seed);
  const r = witnessCosign({ alg, checkpoint: note, proof }, { logVerifiers: o.logVkeys.map(verifierFromVkey), witness, state: o.state });
  return { ...r, size: cp.size };
}

export function registerEvidenceCommands(program: Command) {
  const ev = program.command('evidence').description('evidence log: verify packages offline, export, audit, checkpoints');

  ev.command('verify <zip>')
    .description('verify an evidence package with no server (exit 0 valid, 1 invalid, 2 unreadable)')
    .option('--vkey <vkey>', 'trusted log verifier key (repeatable); without it the package’s own keys are used, with a warning', collect, [])
    .option('--origin <origin>', 'expected log origin')
    .option('--json', 'print the full result as JSON')
    .action((zip: string, o: { vkey: string[]; origin?: string; json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(fs.readFileSync(zip));
      } catch (e) {
        process.stderr.write(`cannot read ${zip}: ${(e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const r = verifyPackage(bytes, { vkeys: o.vkey, origin: o.origin });
      if (o.json) printJson(r);
      else {
        if (r.checkpoint) process.stdout.write(`checkpoint: ${r.checkpoint.origin} size ${r.checkpoint.size} root ${r.checkpoint.rootHex} (${r.hash}); signed by ${r.checkpoint.verifiedBy.join(', ')}\n`);
        if (r.items.length) printTable(r.items.map((i) => ({ leaf: i.leafIndex, ok: i.ok ? 'yes' : 'NO', file: i.file ?? '', reasons: i.reasons.join('; ') })));
        if (r.consistency) process.stdout.write(`consistency ${r.consistency.fromSize} → ${r.consistency.toSize}: ${r.consistency.ok ? 'ok' : 'FAILED'}\n`);
        for (const w of r.warnings) process.stdout.write(`warning: ${w}\n`);
        for (const x of r.reasons) process.stdout.write(`FAIL: ${x}\n`);
        process.stdout.write(r.ok ? 'VALID\n' : 'INVALID\n');
      }
      const unreadable = !r.ok && r.reasons.some((x) => x.startsWith('not a readable zip'));
      process.exitCode = r.ok ? 0 : unreadable ? 2 : 1;
    });

  ev.command('export')
    .description('write an evidence package for some leaves of a tenant’s log')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--leaves <list>', 'comma-separated leaf indices')
    .option('--from-size <n>', 'include a consistency proof from the stored checkpoint at this size')
    .requiredOption('--out <file>', 'output zip')
    .action(async (o: { tenant: string; leaves: string; fromSize?: string; out: string }) => {
      try {
        const leafIndices = o.leaves.split(',').map((s) => Number(s.trim()));
        const zip = await withTenantDb(o.tenant, (db, id) =>
          withTenant(db, id, (tx) => exportEvidencePackage(tx, { leafIndices, fromSize: o.fromSize !== undefined ? Number(o.fromSize) : undefined })));
        fs.writeFileSync(o.out, zip);
        process.stdout.write(`wrote ${o.out} (${zip.length} bytes)\n`);
      } catch (e) {
        fail(e);
      }
    });

  ev.command('audit')
    .description('recompute a tenant’s log from its leaves and check every node, the head and every checkpoint (exit 1 on findings)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--json', 'JSON output')
    .action(async (o: { tenant: string; json?: boolean }) => {
      try {
        const r = await withTenantDb(o.tenant, (db, id) => withTenant(db, id, auditLog));
        if (o.json) printJson(r);
        else {
          process.stdout.write(`size ${r.size}: ${r.leavesChecked} leaves, ${r.nodesChecked} nodes, ${r.checkpointsChecked} checkpoints checked\n`);
          if (r.findings.length) printTable(r.findings.map((f) => ({ kind: f.kind, leaf: f.leafIndex ?? '', size: f.size ?? '', detail: f.detail })));
          process.stdout.write(r.ok ? 'CLEAN\n' : 'FINDINGS\n');
        }
        process.exitCode = r.ok ? 0 : 1;
      } catch (e) {
        fail(e);
      }
    });

  ev.command('checkpoint')
    .description('sign the current head of a tenant’s log (key derived from the installation secrets, like the server)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--sm2', 'add an SM2 signature line')
    .action(async (o: { tenant: string; sm2?: boolean }) => {
      try {
        const secret = evidenceSecret();
        const cp = await withTenantDb(o.tenant, (db, id) => withTenant(db, id, async (tx) => {
          const head = await ensureEvidenceLog(tx);
          return issueCheckpoint(tx, deriveLogKeys(secret, head.origin, o.sm2));
        }));
        process.stdout.write(cp.note);
      } catch (e) {
        fail(e);
      }
    });

  ev.command('cosign')
    .description('store a witness cosignature (checked against the stored checkpoint)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--size <n>', 'checkpoint size')
    .requiredOption('--note <file>', 'cosigned checkpoint from the witness')
    .requiredOption('--witness-vkey <vkey>', 'the witness’s vkey')
    .action(async (o: { tenant: string; size: string; note: string; witnessVkey: string }) => {
      try {
        const note = fs.readFileSync(o.note, 'utf8');
        await withTenantDb(o.tenant, (db, id) => withTenant(db, id, (tx) => recordCosignature(tx, Number(o.size), note, o.witnessVkey)));
        process.stdout.write('stored\n');
      } catch (e) {
        fail(e);
      }
    });

  ev.command('anchor')
    .description('submit a checkpoint (default the latest) to the configured external anchor (RECOURSE_EVIDENCE_ANCHOR) and store the receipt')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--size <n>', 'checkpoint size')
    .action(async (o: { tenant: string; size?: string }) => {
      try {
        const r = await withTenantDb(o.tenant, (db, id) => anchorCheckpoint((fn) => withTenant(db, id, fn), anchorFromEnv(), o.size === undefined ? undefined : Number(o.size)));
        printTable([{ size: r.size, provider: r.provider, reference: r.reference, anchoredAt: r.anchoredAt, id: r.id }]);
      } catch (e) {
        fail(e);
      }
    });

  ev.command('witness-add')
    .description('register a witness verifier key whose pushed cosignatures the log accepts')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--vkey <vkey>', 'the witness’s vkey (from `recourse witness keygen`)')
    .action(async (o: { tenant: string; vkey: string }) => {
      try {
        const w = await withTenantDb(o.tenant, (db, id) => withTenant(db, id, (tx) => registerWitness(tx, o.vkey, 'cli')));
        process.stdout.write(`registered ${w.name} (${w.algorithm})\n`);
      } catch (e) {
        fail(e);
      }
    });

  const w = program.command('witness').description('independent witness: cosign a log’s checkpoints only if consistent with the last one cosigned');
  w.command('keygen')
    .requiredOption('--name <name>', 'witness key name, e.g. witness.example.org/w1')
    .requiredOption('--out <file>', 'file for the private seed (base64)')
    .action((o: { name: string; out: string }) => {
      const seed = generateEd25519Seed();
      fs.writeFileSync(o.out, `${toBase64(seed)}\n`, { mode: 0o600 });
      process.stdout.write(`${cosignatureSigner(o.name, seed).vkey}\n`);
    });
  w.command('cosign')
    .requiredOption('--log <url>', 'log base URL, e.g. https://host/api/v1/evidence/logs/<slug>')
    .requiredOption('--log-vkey <vkey>', 'log verifier key (repeatable)', collect, [])
    .requiredOption('--key <file>', 'witness seed file (base64)')
    .requiredOption('--name <name>', 'witness key name')
    .requiredOption('--state <file>', 'JSON state file: last cosigned size/root per origin')
    .option('--push', 'POST the cosignature to the log (<log>/cosignatures); the log admin must have registered this witness')
    .action(async (o: { log: string; logVkey: string[]; key: string; name: string; state: string; push?: boolean }) => {
      try {
        const state: WitnessState = fs.existsSync(o.state) ? JSON.parse(fs.readFileSync(o.state, 'utf8')) : {};
        const seed = fromBase64(fs.readFileSync(o.key, 'utf8').trim());
        let r;
        try {
          r = await runWitnessRound({ log: o.log, logVkeys: o.logVkey, seed, name: o.name, state });
        } catch (e) {
          // split view / rewritten history / bad signature: alarm loudly, keep the old state, exit 1
          process.stderr.write(`WITNESS ALARM: ${(e as Error).message}\n`);
          process.exitCode = 1;
          return;
        }
        if (o.push) {
          const pushed = await pushCosignature(o.log, r.cosigned);
          process.stderr.write(`cosignature for size ${pushed.size} accepted by the log (${pushed.witnesses.join(', ')})\n`);
        }
        fs.writeFileSync(o.state, JSON.stringify(r.state, null, 2));
        process.stdout.write(r.cosigned);
      } catch (e) {
        fail(e);
      }
    });
}
