// Builds the SPA once for the whole browser run, into a temp folder (so parallel runs never share web/dist), and
// hands its path to every test file. NODE_ENV must be production: vitest sets 'test', which gives a dev React build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webDist: string;
  }
}

export default function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-web-dist-'));
  const b = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (b.status !== 0) throw new Error(`vite build failed:\n${b.stdout}\n${b.stderr}`);
  project.provide('webDist', out);
  return () => fs.rmSync(out, { recursive: true, force: true });
}
