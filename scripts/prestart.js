#!/usr/bin/env node
// Before `npm start`: build the web UI once (or again when its sources are newer than the build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

if (!fs.existsSync('web/vite.config.ts')) process.exit(0);
const dist = 'web/dist/index.html';
const newest = (d) => {
  let t = 0;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};
const stale = !fs.existsSync(dist) || newest('web/src') > fs.statSync(dist).mtimeMs;
if (stale) {
  process.stdout.write('building the web UI (once)…\n');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
