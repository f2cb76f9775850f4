#!/usr/bin/env node
// `npm test`: typecheck + dependency rule, every suite on PGlite, the database suites again on a throwaway
// PostgreSQL, then the browser suite in Debian's Chromium. On CI (CI=true) nothing may be skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

function vitest(name, args, env = {}) {
  const out = path.join(tmp, `${name.replace(/\W+/g, '-')}.json`);
  const ok = run(name, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], env);
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (CI && j.numPendingTests > 0) {
      failedSteps.push(`${name}: ${j.numPendingTests} skipped test(s) on CI`);
    }
  } else if (ok) {
    failedSteps.push(`${name}: no test report`);
  }
}

function dbTestFiles() {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'browser') walk(p);
      } else if (/\.test\.ts$/.test(e.name) && /getTestDb|testApp|openFreshTestDb/.test(fs.readFileSync(p, 'utf8'))) files.push(p);
    }
  };
  walk('src');
  walk('test');
  return files;
}

const pgAvailable = fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const chromium = fs.existsSync('/usr/bin/chromium');

run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('typecheck (web)', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
run('dependency rule', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);
vitest('unit + integration on PGlite', []);
if (pgAvailable) {
  vitest('database suites on PostgreSQL', dbTestFiles(), { RECOURSE_TEST_DB: 'postgres' });
} else if (CI) {
  failedSteps.push('PostgreSQL server binaries missing on CI (install postgresql)');
} else {
  process.stdout.write('\n!!! PostgreSQL binaries not found: the PostgreSQL suite was NOT run (CI requires it)\n');
}
if (fs.existsSync('test/browser/vitest.config.ts')) {
  if (chromium || CI) vitest('browser suite (Chromium)', ['--config', 'test/browser/vitest.config.ts']);
  else process.stdout.write('\n!!! /usr/bin/chromium not found: the browser suite was NOT run (CI requires it)\n');
} else if (CI) {
  failedSteps.push('browser suite missing');
}

process.stdout.write('\n');
if (failedSteps.length) process.stdout.write(`failed steps: ${failedSteps.join('; ')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed + (failedSteps.length && !totals.failed ? 1 : 0)} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
