// The SQL half of the dependency rule: no module's code names another module's tables (Postgres schemas).
// Modules reach each other through index.ts; the database schemas are private. Platform tables (platform.*)
// are reached through platform functions (recordAudit, messenger), not raw SQL in modules.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const MODULES = fs.readdirSync('src/modules').filter((d) => fs.statSync(path.join('src/modules', d)).isDirectory());
const SCHEMAS = [...MODULES, 'platform'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$|testing(-[a-z]+)?\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('no module reads another module’s tables', () => {
  it('module code names only its own schema in SQL', () => {
    const offences: string[] = [];
    for (const m of MODULES) {
      const others = SCHEMAS.filter((s) => s !== m);
      const re = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(${others.join('|')})\\.[a-z_]+`, 'gi');
      const drizzleSchema = new RegExp(`pgSchema\\(\\s*['"](${others.join('|')})['"]`, 'g');
      for (const f of sources(path.join('src/modules', m))) {
        const text = fs.readFileSync(f, 'utf8');
        for (const hit of text.matchAll(re)) offences.push(`${f}: ${hit[0]}`);
        for (const hit of text.matchAll(drizzleSchema)) offences.push(`${f}: ${hit[0]}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
