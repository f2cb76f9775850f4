// Per-tenant payment gateway configuration: which gateways are enabled, their merchant ids, and their keys. Keys
// (merchant private keys, the WeChat APIv3 key, the gateways' public keys) are envelope-encrypted with the
// installation's key-encryption keys (deps.secrets) bound to tenant + gateway, stored only as ciphertext, never
// logged and never returned: the API shows which keys are set, not their values. Each save is a new version; a
// save that leaves a key out keeps the previous one. Enabling a gateway needs every field and key it uses.
import { z } from 'zod';
import { one, sql, type Tx } from '../../platform/db/index.js';
import { createKeyRing, decryptField, encryptField, type KeyRing } from '../../platform/pii/index.js';
import type { Secrets } from '../../platform/secrets.js';
import { ledgerError } from './errors.js';
import { GATEWAYS, type GatewayName } from './providers/adapter.js';
import { ALIPAY_DEFAULT_GATEWAY, type AlipayConfig } from './providers/alipay.js';
import { WECHAT_API_BASE, type WechatConfig } from './providers/wechat.js';
import { UNIONPAY_DEFAULT_GATEWAY, type UnionPayConfig } from './providers/unionpay.js';
import type { BankTransferConfig } from './providers/bank-transfer.js';
import { pemKind } from './providers/rsa.js';

const TENANT = sql`current_setting('app.tenant_id', true)`;
const Https = z.string().url().regex(/^https:\/\//, 'must be an https URL').max(300);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Non-secret settings per gateway (returned by the API). */
export const GATEWAY_SETTINGS = {
  alipay: z.strictObject({ appId: z.string().regex(/^\d{10,32}$/, 'the Alipay app id (digits)'), gatewayUrl: Https.default(ALIPAY_DEFAULT_GATEWAY), sellerId: z.string().regex(/^2088\d{12}$/, '2088… (16 digits)').optional() }),
  wechat: z.strictObject({ appId: z.string().regex(/^wx[0-9a-f]{16}$/, 'wx + 16 hex'), mchId: z.string().regex(/^\d{8,12}$/, 'the merchant id (digits)'), merchantSerialNo: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'certificate serial (hex)'), platformSerial: z.string().regex(/^([0-9A-Fa-f]{8,64}|PUB_KEY_ID_[0-9A-Za-z]{8,64})$/, 'platform certificate serial or PUB_KEY_ID_…'), apiBase: Https.default(WECHAT_API_BASE) }),
  unionpay: z.strictObject({ merId: z.string().regex(/^\d{15}$/, '15 digits'), certId: z.string().regex(/^\d{1,40}$/, 'certificate serial (digits)'), gatewayUrl: Https.default(UNIONPAY_DEFAULT_GATEWAY) }),
  bank_transfer: z.strictObject({ accountName: Text(100), bankName: Text(100), accountNo: z.string().regex(/^[0-9 ]{8,40}$/, 'the account number (digits)') }),
} as const;

/** Secret fields per gateway and what each must be. */
export const GATEWAY_SECRETS: Record<GatewayName, Record<string, 'private' | 'public' | 'apiv3'>> = {
  alipay: { privateKeyPem: 'private', alipayPublicKeyPem: 'public' },
  wechat: { privateKeyPem: 'private', apiV3Key: 'apiv3', platformPublicKeyPem: 'public' },
  unionpay: { privateKeyPem: 'private', unionpayPublicKeyPem: 'public' },
  bank_transfer: {},
};

export const GatewayPutBody = z.strictObject({
  enabled: z.boolean(),
  settings: z.record(z.string().max(40), z.string().max(300)),
  /** Keys to set or replace (PEM text, APIv3 key); omitted keys keep their previous value. */
  secrets: z.record(z.string().max(40), z.string().max(10_000)).optional(),
});
export type GatewayPutInput = z.infer<typeof GatewayPutBody>;

export interface GatewayConfigView {
  gateway: GatewayName;
  enabled: boolean;
  version: number;
  settings: Record<string, string>;
  /** Names of the keys that are set (never their values). */
  secretsSet: string[];
  secretsRequired: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

export type GatewayConfigs = { alipay: AlipayConfig; wechat: WechatConfig; unionpay: UnionPayConfig; bank_transfer: BankTransferConfig };

const ringOf = (s: Secrets): KeyRing => createKeyRing(s.keks.map((k) => ({ id: k.id, key: k.key })));
const context = (tenantId: string, g: GatewayName) => `${tenantId}:ledger.gateway.${g}`;
const bad = (field: string, detail: string) => ledgerError('LEDGER_GATEWAY_CONFIG_INVALID', { detail: `${field}: ${detail}`, extra: { field } });

interface Row { version: number; enabled: boolean; settings: Record<string, string>; secret_names: string[] | string; secrets_enc: string | null; created_at: unknown; created_by: string; tenant_id: string }

async function latest(tx: Tx, g: GatewayName): Promise<Row | null> {
  const r = await one<Row>(tx, sql`SELECT tenant_id, version, enabled, settings, secret_names, secrets_enc, created_at, created_by FROM ledger.gateway_configs
    WHERE tenant_id = ${TENANT} AND gateway = ${g} ORDER BY version DESC LIMIT 1`);
  if (!r) return null;
  return { ...r, settings: (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as Record<string, string>, version: Number(r.version) };
}

const names = (v: string[] | string): string[] => (Array.isArray(v) ? v : String(v ?? '').replace(/[{}]/g, '').split(',').filter(Boolean));

function view(g: GatewayName, r: Row | null): GatewayConfigView {
  return {
    gateway: g, enabled: r?.enabled ?? false, version: r?.version ?? 0, settings: r?.settings ?? {}, secretsSet: r ? names(r.secret_names) : [],
    secretsRequired: Object.keys(GATEWAY_SECRETS[g]), updatedAt: r ? new Date(r.created_at as string).toISOString() : null, updatedBy: r?.created_by ?? null,
  };
}

export async function listGatewayConfigs(tx: Tx): Promise<GatewayConfigView[]> {
  return Promise.all(GATEWAYS.map(async (g) => view(g, await latest(tx, g))));
}

export async function getGatewayConfigView(tx: Tx, g: GatewayName): Promise<GatewayConfigView> {
  return view(g, await latest(tx, g));
}

/**
 * Stores a new version. Throws LEDGER_GATEWAY_CONFIG_INVALID naming the field (a setting, `secrets.<name>` for a key
 * that does not parse or is missing while enabled).
 */
export async function putGatewayConfig(tx: Tx, secrets: Secrets, g: GatewayName, input: GatewayPutInput, actor: string): Promise<GatewayConfigView> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`ledger.gateway:${g}`}), hashtext(${TENANT}))`);
  const prev = await latest(tx, g);
  const parsed = GATEWAY_SETTINGS[g].safeParse(input.settings);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw bad(`settings.${i.path.join('.') || '(root)'}`, i.message);
  }
  const spec = GATEWAY_SECRETS[g];
  for (const k of Object.keys(input.secrets ?? {})) if (!(k in spec)) throw bad(`secrets.${k}`, `not a key of ${g}`);
  const ring = ringOf(secrets);
  const tenantId = (await one<{ t: string }>(tx, sql`SELECT ${TENANT} AS t`))!.t;
  const kept: Record<string, string> = prev?.secrets_enc ? (JSON.parse(decryptField(ring, prev.secrets_enc, context(tenantId, g))) as Record<string, string>) : {};
  const merged = { ...kept };
  for (const [k, v] of Object.entries(input.secrets ?? {})) {
    const want = spec[k]!;
    const val = want === 'apiv3' ? v : v.trim() + '\n';
    if (want === 'apiv3' ? Buffer.byteLength(v, 'utf8') !== 32 : pemKind(val) !== want) {
      throw bad(`secrets.${k}`, want === 'apiv3' ? 'the APIv3 key is exactly 32 characters' : `must be a PEM ${want} key${want === 'public' ? ' or certificate' : ''}`);
    }
    merged[k] = val;
  }
  if (input.enabled) for (const k of Object.keys(spec)) if (!merged[k]) throw bad(`secrets.${k}`, 'required to enable the gateway');
  const setNames = Object.keys(merged).sort();
  const enc = setNames.length ? encryptField(ring, JSON.stringify(merged), context(tenantId, g)) : null;
  const version = (prev?.version ?? 0) + 1;
  await tx.execute(sql`INSERT INTO ledger.gateway_configs (tenant_id, gateway, version, enabled, settings, secret_names, secrets_enc, created_by)
    VALUES (${TENANT}, ${g}, ${version}, ${input.enabled}, ${JSON.stringify(parsed.data)}::jsonb,
      ${sql.raw(`ARRAY[${setNames.map((n) => `'${n.replace(/[^A-Za-z0-9]/g, '')}'`).join(',')}]::text[]`)}, ${enc}, ${actor})`);
  return getGatewayConfigView(tx, g);
}

/** The enabled configuration with its keys decrypted (server side only), or null when not enabled. */
export async function loadGatewayConfig<G extends GatewayName>(tx: Tx, secrets: Secrets, g: G): Promise<GatewayConfigs[G] | null> {
  const r = await latest(tx, g);
  if (!r || !r.enabled) return null;
  const keys = r.secrets_enc ? (JSON.parse(decryptField(ringOf(secrets), r.secrets_enc, context(r.tenant_id, g))) as Record<string, string>) : {};
  return { ...r.settings, ...keys } as unknown as GatewayConfigs[G];
}

/** Which gateways are enabled (no keys decrypted). */
export async function enabledGateways(tx: Tx): Promise<Set<GatewayName>> {
  const out = new Set<GatewayName>();
  for (const v of await listGatewayConfigs(tx)) if (v.enabled) out.add(v.gateway);
  return out;
}
