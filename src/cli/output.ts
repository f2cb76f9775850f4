// Shared CLI output helpers: --json for machines, aligned tables for people.
export function printTable(rows: Record<string, unknown>[], columns?: string[]) {
  if (!rows.length) {
    process.stdout.write('(none)\n');
    return;
  }
  const cols = columns ?? Object.keys(rows[0]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cell = (v: unknown) => (v == null ? '' : Array.isArray(v) ? v.join(',') : String(v));
  const w = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
  const line = (vals: string[]) => vals.map((v, i) => v + ' '.repeat(w[i] - width(v))).join('  ').trimEnd();
  process.stdout.write(line(cols) + '\n' + line(w.map((n) => '-'.repeat(n))) + '\n');
  for (const r of rows) process.stdout.write(line(cols.map((c) => cell(r[c]))) + '\n');
}

export function printJson(v: unknown) {
  process.stdout.write(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2) + '\n');
}

/** Report a domain error the way the API would, and exit non-zero. */
export function fail(e: unknown): never {
  const err = e as { code?: string; message?: string; field?: string };
  process.stderr.write(`error${err.code ? ` ${err.code}` : ''}: ${err.message ?? String(e)}${err.field ? ` (field ${err.field})` : ''}\n`);
  process.exit(1);
}
