// Demo data of the privacy module: the default processing records and PIAs (PI-06) for the demo tenant. Idempotent.
import { withPlatform, withTenant, type Database } from '../../platform/db/index.js';
import { DEMO_SLUG, findTenant } from '../tenants/index.js';
import { loadDefaultRecords } from './records.js';

export async function seedDemoPrivacy(db: Database): Promise<number> {
  const demo = await withPlatform(db, (tx) => findTenant(tx, DEMO_SLUG));
  if (!demo) return 0;
  return withTenant(db, demo.id, (tx) => loadDefaultRecords(tx, 'system'));
}
