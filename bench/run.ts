// `npm run bench [-- name…]`: runs bench/<name>.ts scripts (each prints a markdown section) and writes
// docs/BENCHMARKS.md with the machine description. Without names, runs every script listed below.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const ALL = ['foundation', 'evidence', 'compliance', 'ledger', 'documents', 'risk', 'pii', 'cases'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = (wanted.length ? wanted : ALL).filter((n) => fs.existsSync(`bench/${n}.ts`));

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
const sections: string[] = [];
const out = 'docs/BENCHMARKS.md';
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';

for (const n of names) {
  process.stderr.write(`bench ${n}…\n`);
  const r = spawnSync('npx', ['tsx', `bench/${n}.ts`], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  sections.push(r.status === 0 ? r.stdout.trim() : `### ${n}\n\nFAILED (exit ${r.status}).`);
}

// Keep sections of scripts not run this time, so a partial run updates only what it measured.
const kept = previous
  .split(/\n(?=### )/)
  .filter((s) => s.startsWith('### ') && !names.some((n) => s.toLowerCase().includes(`bench/${n}.ts`)));

const doc = `# Benchmarks

Every figure here was produced by \`npm run bench\` (scripts in \`bench/\`), each beside a baseline measured in the same
run. Re-run a single section with \`npm run bench -- <name>\`.

Machine of the last run: ${machine}; ${new Date().toISOString().slice(0, 10)}.

${[...sections, ...kept].join('\n\n')}
`;
fs.writeFileSync(out, doc);
process.stderr.write(`wrote ${out}\n`);
