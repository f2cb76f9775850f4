// Key material of the installation: key-encryption keys for personal data (envelope encryption) and the seed from
// which evidence-log signing keys are derived. From RECOURSE_KEYS when set; otherwise generated once into
// DATA_DIR/secrets.json (mode 0600). Never logged.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createHmac } from 'node:crypto';
import type { Config } from './config.js';

export interface Secrets {
  /** Key-encryption keys, newest first (rotation: add a new first key, keep old ones until re-wrapped). */
  keks: { id: string; key: Buffer }[];
  /** Seed for per-purpose derived secrets (log signing keys, blind-index and pseudonym keys). */
  seed: Buffer;
}

export function loadSecrets(config: Config): Secrets {
  if (config.keys) {
    const keks = config.keys.split(',').map((pair) => {
      const [id, b64] = pair.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || key.length !== 32) throw new Error('RECOURSE_KEYS must be comma-separated id:base64(32 bytes)');
      return { id, key };
    });
    return { keks, seed: createHmac('sha256', keks[keks.length - 1].key).update('recourse-seed').digest() };
  }
  const file = path.join(config.dataDir, 'secrets.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const fresh = { keks: [{ id: 'k1', key: randomBytes(32).toString('base64') }], seed: randomBytes(32).toString('base64') };
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
  }
  const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { keks: { id: string; key: string }[]; seed: string };
  return { keks: j.keks.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') })), seed: Buffer.from(j.seed, 'base64') };
}

/** A 32-byte secret for one purpose, derived from the seed (HMAC-SHA256), so purposes never share a key. */
export function deriveSecret(s: Secrets, purpose: string): Buffer {
  return createHmac('sha256', s.seed).update(purpose).digest();
}
