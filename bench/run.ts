// `npm run bench [-- name…]`: runs bench/<name>.ts scripts (each prints a markdown section) and writes
// docs/BENCHMARKS.md with the machine description. Without names, runs every script listed below.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ALL = ['foundation', 'evidence', 'compliance', 'ledger', 'documents', 'risk', 'pii', 'cases'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = (wanted.length ? wanted : ALL).filter((n) => fs.existsSync(`bench/${n}.ts`));

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
const sections: string[] = [];
const out = 'docs/BENCHMARKS.md';

for (const n of names) {
  process.stderr.write(`bench ${n}…\n`);
  // Output goes to a file, not a pipe: a benchmark's own child servers must not keep this run waiting.
  const outFile = path.join(os.tmpdir(), `recourse-bench-${n}-${process.pid}.md`);
  const fd = fs.openSync(outFile, 'w');
  const r = spawnSync('npx', ['tsx', `bench/${n}.ts`], { stdio: ['ignore', fd, 'inherit'] });
  fs.closeSync(fd);
  const stdout = fs.readFileSync(outFile, 'utf8');
  fs.rmSync(outFile, { force: true });
  const body = r.status === 0 ? stdout.trim().replace(/^#+ .*\n+/, '') : `FAILED (exit ${r.status}).`;
  // Scale-down variables (BENCH_ROWS=…) are part of the command: a reader must see the size that was measured.
  const env = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v} `).join('');
  sections.push(`## ${n}\n\nCommand: \`${env}npm run bench -- ${n}\` (runs \`tsx bench/${n}.ts\`), ${new Date().toISOString()}.\n\n${body}`);
}

// Keep sections of scripts not run this time, so a partial run updates only what it measured. Read the file only
// now: another run may have written its sections while this one was measuring.
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
const kept = previous
  .split(/\n(?=## )/)
  .filter((s) => s.startsWith('## ') && !names.some((n) => s.startsWith(`## ${n}\n`)));

const rank = (section: string) => {
  const i = ALL.findIndex((n) => section.startsWith(`## ${n}\n`));
  return i < 0 ? ALL.length : i;
};
const doc = `# Benchmarks

Every figure here was produced by \`npm run bench\` (scripts in \`bench/\`), each beside a baseline measured in the same
run. Re-run a single section with \`npm run bench -- <name>\`.

Machine of the last run: ${machine}; ${new Date().toISOString().slice(0, 10)}.

${[...sections, ...kept].sort((a, b) => rank(a) - rank(b)).map((x) => x.trim()).join('\n\n')}
`;
fs.writeFileSync(out, doc);
process.stderr.write(`wrote ${out}\n`);
