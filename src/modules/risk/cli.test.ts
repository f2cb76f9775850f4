// Exercises src/cli/risk.ts end to end on a temporary CSV (real files, real commander parsing).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerRiskCommands, type RiskCliDeps } from '../../cli/risk.js';
import { makeClassificationData } from './testing.js';

let dir = '';
let csv = '';
const run = (...args: string[]) => runWith({}, ...args);
async function runWith(deps: RiskCliDeps, ...args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const p = new Command();
    p.exitOverride();
    registerRiskCommands(p, deps);
    await p.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'risk-cli-'));
  const { x, y } = makeClassificationData(800, 31, 4);
  const lines = [['ID', 'SEX', ...x.names, 'target'].join(',')];
  for (let i = 0; i < x.nRows; i++) lines.push([i + 1, 1 + (i % 2), ...x.columns.map((c) => c[i].toFixed(4)), y[i]].join(','));
  csv = join(dir, 'd.csv');
  writeFileSync(csv, lines.join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('risk CLI', () => {
  it('evaluate --json prints fold metrics and excludes SEX (COL-85)', async () => {
    const out = JSON.parse(await run('risk', 'evaluate', csv, '--target', 'target', '--folds', '3', '--seed', '5', '--json', '--params', '{"nEstimators":30}'));
    expect(out.folds).toHaveLength(3);
    expect(out.excludedProtected).toEqual(['SEX']);
    expect(out.features).toBe(4);
    expect(out.summary.auc.mean).toBeGreaterThan(0.7);
  });
  it('train → score → model-card → report → drift', async () => {
    const model = join(dir, 'm.json');
    expect(await run('risk', 'train', csv, '--target', 'target', '--model', 'scorecard', '--folds', '3', '--out', model, '--by', 'tester')).toMatch(/wrote .*scorecard-/);
    const bundle = JSON.parse(readFileSync(model, 'utf8'));
    expect(bundle.trainedBy).toBe('tester');
    expect(bundle.cv.folds).toBe(3);
    const scores = (await run('risk', 'score', csv, '--model', model, '--reasons', '2')).trim().split('\n');
    expect(scores[0]).toBe('id,pd,points,reasons');
    expect(scores).toHaveLength(801);
    expect(await run('risk', 'model-card', '--model', model)).toContain('# Model card');
    const html = join(dir, 'r.html');
    await run('risk', 'report', csv, '--target', 'target', '--folds', '3', '--out', html, '--params', '{"nEstimators":20}');
    expect(existsSync(html) && readFileSync(html, 'utf8').includes('<svg')).toBe(true);
    expect(await run('risk', 'drift', csv, csv)).toContain('overall: stable');
  });
});

describe('risk CLI registry commands (worker test database injected)', () => {
  it('register → models → deploy against a fresh tenant', async () => {
    const { getTestDb, createTestTenant } = await import('../../platform/db/testing.js');
    const db = await getTestDb();
    const tenant = await createTestTenant(db);
    const deps = { openDatabase: async () => ({ ...db, close: async () => {} }) };
    const model = join(dir, 'reg.json');
    await run('risk', 'train', csv, '--target', 'target', '--model', 'gbdt', '--no-cv', '--out', model, '--params', '{"nEstimators":15}');
    const version = JSON.parse(readFileSync(model, 'utf8')).version as string;
    expect(await runWith(deps, 'risk', 'register', model, '--tenant', tenant.slug, '--by', 'lead')).toContain(`registered ${version}`);
    const list = JSON.parse(await runWith(deps, 'risk', 'models', '--tenant', tenant.slug, '--json'));
    expect(list.map((m: { version: string; registeredBy: string }) => [m.version, m.registeredBy])).toEqual([[version, 'lead']]);
    expect(await runWith(deps, 'risk', 'deploy', '--tenant', tenant.slug, '--champion', version, '--reason', 'first')).toBe(`champion ${version}\n`);
    // a domain error is reported as code + message on stderr with exit code 1
    const errs: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      errs.push(String(c));
      return true;
    });
    try {
      await runWith(deps, 'risk', 'register', model, '--tenant', tenant.slug);
    } finally {
      spy.mockRestore();
    }
    expect(errs.join('')).toMatch(/^error RISK_MODEL_VERSION_EXISTS: /);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  }, 120_000); // first use of the worker database migrates it
});
