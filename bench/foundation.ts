// Foundation benchmark: cold start to ready on PGlite (first run and restart), resident memory at idle, and an
// authenticated list route against a bare Fastify hello-world measured in the same run. Prints markdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { load, startChild, stopChild, rssOf } from './lib.js';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-bench-'));
const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
const serve = ['bin/recourse.js', 'serve'];
const ready = /running at (http:\/\/localhost:\d+)/;

async function post(url: string, body: unknown): Promise<{ cookie: string; csrf: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => {
        const c = (res.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '';
        resolve({ cookie: c, csrf: JSON.parse(b).csrfToken });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const first = await startChild('node', serve, env, ready);
const firstMs = first.ms;
await stopChild(first.child);
const second = await startChild('node', serve, env, ready);
const restartMs = second.ms;
const base = second.match[1];
await new Promise((r) => setTimeout(r, 3000));
const idleRss = rssOf(second.child.pid!);
const s = await post(`${base}/api/v1/auth/login`, { tenant: 'demo', email: 'admin@demo.recourse.test', password: 'Recourse-demo-2026' });
// node directly (not npx), so that stopping the child stops the server itself.
const hello = await startChild(process.execPath, ['--import', 'tsx', 'bench/hello-server.ts'], {}, /LISTENING (http:\/\/[\d.:]+)/);
// warm-up both
await load(`${hello.match[1]}/hello`, {}, 8, 2);
await load(`${base}/api/v1/users`, { cookie: s.cookie }, 8, 2);
const bare = await load(`${hello.match[1]}/hello`, {}, CONNECTIONS, SECONDS);
const ours = await load(`${base}/api/v1/users`, { cookie: s.cookie }, CONNECTIONS, SECONDS);
await stopChild(hello.child);
await stopChild(second.child);
fs.rmSync(dataDir, { recursive: true, force: true });

const f = (n: number, d = 0) => n.toFixed(d);
process.stdout.write(`${CONNECTIONS} keep-alive connections for ${SECONDS} s from a client process on the same machine; server and
baseline each in their own process. PGlite is one connection: concurrent requests queue on it, which is what the
p99 shows; production runs on PostgreSQL with a pool.

| measure | Recourse | baseline | ratio |
|---|---|---|---|
| cold start to ready, PGlite, first run (migrate + demo seed) | ${f(firstMs)} ms | — | — |
| start to ready, PGlite, restart | ${f(restartMs)} ms | — | — |
| resident memory at idle | ${f(idleRss / 2 ** 20, 1)} MiB | — | — |
| requests/s: authenticated \`GET /api/v1/users\` (session lookup + RLS tx + list) vs bare Fastify hello-world | ${f(ours.rps)} | ${f(bare.rps)} | ${f(ours.rps / bare.rps, 3)} |
| p50 latency | ${f(ours.p50, 2)} ms | ${f(bare.p50, 2)} ms | ${f(ours.p50 / bare.p50, 1)}× |
| p99 latency | ${f(ours.p99, 2)} ms | ${f(bare.p99, 2)} ms | ${f(ours.p99 / bare.p99, 1)}× |
| errors | ${ours.errors} | ${bare.errors} | |
`);
process.exit(0);
