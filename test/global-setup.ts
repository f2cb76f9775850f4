// Vitest global setup: with RECOURSE_TEST_DB=postgres, start one throwaway PostgreSQL cluster for the run and
// migrate a template database that every worker clones.
import { startPgCluster, type PgCluster } from '../src/platform/db/pg-cluster.js';
import { connectDatabase } from '../src/platform/db/connect.js';
import { migrate } from '../src/platform/db/migrate.js';

let cluster: PgCluster | undefined;

export default async function setup() {
  if (process.env.RECOURSE_TEST_DB !== 'postgres') return;
  cluster = await startPgCluster();
  const admin = await connectDatabase({ databaseUrl: cluster.url, poolSize: 1 });
  await admin.exec('CREATE DATABASE recourse_template');
  await admin.close();
  const u = new URL(cluster.url);
  u.pathname = '/recourse_template';
  const tmpl = await connectDatabase({ databaseUrl: u.toString(), poolSize: 1 });
  await migrate(tmpl);
  await tmpl.close();
  process.env.RECOURSE_TEST_PG_URL = cluster.url;
  return () => cluster?.stop();
}
