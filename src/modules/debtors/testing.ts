// Test factories for the debtors module (import only from *.test.ts).
import { residentIdCheckChar } from '../../platform/cn-ids.js';
import { createKeyRing, generateKeyBase64 } from '../../platform/pii/index.js';
import { debtorKeys, type DebtorKeys } from './store.js';
import type { PersonInput } from './debtor.js';

/** A throwaway key ring for tests. */
export function testDebtorKeys(): DebtorKeys {
  return debtorKeys(createKeyRing([{ id: 'test1', key: generateKeyBase64() }]));
}

/** A valid, clearly synthetic resident ID (Hangzhou Xihu, born 1980 + n days, sequence n). */
export function syntheticResidentId(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + (n % 9000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `330106${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function personInput(n: number, o: Partial<PersonInput> = {}): PersonInput {
  return {
    kind: 'person', name: '测试张三', idType: 'resident_id', idNumber: syntheticResidentId(n), phones: [`1380000${String(n % 10000).padStart(4, '0')}`],
    emails: [], addresses: [], timeZone: 'Asia/Shanghai', ...o,
  };
}
