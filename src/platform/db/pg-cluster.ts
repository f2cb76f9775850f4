// Starts a throwaway PostgreSQL 15 cluster for tests and benchmarks. The server refuses to run as root, so when we
// are root it is initialised and started as the `postgres` OS user, in a temp folder, on a free loopback port.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

function findBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = path.join(base, v, 'bin');
    if (fs.existsSync(path.join(p, 'initdb'))) return p;
  }
  throw new Error('PostgreSQL server binaries not found (install postgresql-15 or set PG_BIN_DIR)');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function runAs(user: string | null, cmd: string) {
  if (user) execFileSync('su', [user, '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' });
  else execFileSync('/bin/sh', ['-c', cmd], { stdio: 'pipe' });
}

/** `durable: true` keeps PostgreSQL's default fsync/synchronous_commit (benchmarks that claim durable writes). */
export async function startPgCluster(o: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = findBinDir();
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-pg-'));
  fs.chmodSync(dir, 0o755);
  const user = isRoot ? 'postgres' : null;
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  const data = path.join(dir, 'data');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  runAs(user, `${q(bin + '/initdb')} -D ${q(data)} -U postgres -A trust -E UTF8 --locale=C.UTF-8 >${q(dir + '/initdb.log')} 2>&1`);
  // fsync off: a throwaway test cluster; production durability is the operator's Postgres.
  const fast = o.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast} -c max_connections=200`;
  runAs(user, `${q(bin + '/pg_ctl')} -D ${q(data)} -o ${q(opts)} -l ${q(dir + '/server.log')} -w -t 60 start`);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      runAs(user, `${q(bin + '/pg_ctl')} -D ${q(data)} -m immediate -w stop`);
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, dir, stop };
}
