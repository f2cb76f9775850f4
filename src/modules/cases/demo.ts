// A clearly synthetic demo portfolio: fictional creditors marked （演示）, contract numbers DEMO-…, phones in the
// 170-0000 block, and cases spread over every status, with holds of every kind, promises and payments, so every
// screen has something to show. Deterministic for a given seed. Goes through the same use cases as real work.
import type { Tx } from '../../platform/db/index.js';
import { residentIdCheckChar } from '../../platform/cn-ids.js';
import type { DebtorKeys } from '../debtors/index.js';
import { CLOSE_REASONS, HOLD_KINDS, type CaseStage } from './state-machine.js';
import { createCreditor, recordEntrustment, listCreditors } from './creditors.js';
import { linkCreditorUser } from './portal.js';
import { listUsers } from '../tenants/index.js';
import { placeCase } from './placement.js';
import { transitionCase, placeHold, recordPromise, recordPayment, markFirstAction, assignCases } from './workflow.js';
import { addDays, dateInZone, daysBetween } from './dates.js';

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '欧阳'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '建国'];
const REGIONS = ['330702', '330106', '110105', '440305', '310115', '510107'];
const PRODUCTS = ['消费分期（演示）', '现金贷（演示）', '信用卡代偿（演示）', '经营贷（演示）'];
/** Districts and streets of Jinhua; house numbers 9000+ and the （演示） mark keep every address clearly synthetic. */
const JINHUA_STREETS: ReadonlyArray<readonly [string, string]> = [
  ['婺城区', '八一南街'], ['婺城区', '人民西路'], ['金东区', '光南路'], ['金东区', '金港大道'], ['义乌市', '稠州北路'], ['义乌市', '宾王路'],
  ['东阳市', '吴宁西路'], ['永康市', '金城路'], ['兰溪市', '丹溪大道'], ['浦江县', '和平路'], ['武义县', '壶山街'], ['磐安县', '新城路'],
];

/** A synthetic Jinhua service address for demo debtor `i` (deterministic; draws nothing from the portfolio's rng). */
export function demoAddress(i: number): string {
  const [district, street] = JINHUA_STREETS[i % JINHUA_STREETS.length]!;
  return `浙江省金华市${district}${street}${9000 + i}号${1 + (i % 6)}0${1 + (i % 4)}室（演示）`;
}

/** Path of statuses to walk for a target status (each step is a valid transition). */
const PATHS: Record<CaseStage, CaseStage[]> = {
  intake: [],
  verification: ['verification'],
  active: ['verification', 'active'],
  negotiation: ['verification', 'active', 'negotiation'],
  payment_plan: ['verification', 'active', 'negotiation', 'payment_plan'],
  legal: ['verification', 'active', 'legal'],
  enforcement: ['verification', 'active', 'legal', 'enforcement'],
  closed: ['verification', 'active', 'negotiation', 'closed'],
};
const TARGETS: CaseStage[] = ['intake', 'verification', 'active', 'active', 'negotiation', 'negotiation', 'payment_plan', 'legal', 'enforcement', 'closed'];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface DemoPortfolioResult {
  creditors: number;
  cases: number;
  byStage: Record<string, number>;
  holds: number;
  promises: number;
}

/**
 * Seeds `count` synthetic cases (default 300) for the current tenant of `tx` (which must be `tenantId`). Idempotent
 * per tenant: does nothing when the demo creditors exist already. Collectors, when given, receive the open cases
 * by workload.
 */
export async function seedDemoPortfolio(
  tx: Tx, tenantId: string, keys: DebtorKeys, opts: { count?: number; seed?: number; now?: Date; collectorIds?: string[] } = {},
): Promise<DemoPortfolioResult> {
  void tenantId; // RLS scopes every write to the transaction's tenant; the id is kept for the caller's logs
  const out: DemoPortfolioResult = { creditors: 0, cases: 0, byStage: {}, holds: 0, promises: 0 };
  if ((await listCreditors(tx)).some((c) => c.code.startsWith('DEMO-'))) return out;
  const r = rng(opts.seed ?? 20260301);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const now = opts.now ?? new Date();
  const today = dateInZone(now);
  const creditors = [];
  for (const [code, name, hours] of [['DEMO-JH', '金华示例小额贷款有限公司（演示）', 72], ['DEMO-HZ', '杭州示例消费金融（演示）', 48], ['DEMO-SZ', '深圳示例商业保理（演示）', 72]] as const) {
    const c = await createCreditor(tx, { code, name, firstActionHours: hours });
    await recordEntrustment(tx, {
      creditorId: c.id, scopes: ['collection_outsourcing', 'mediation', 'legal_documents'], startsOn: addDays(today, -365), endsOn: addDays(today, 365),
      feeTermsRef: `${code}-FEE-01`, contractRef: `${code}-WT-01`, lawfulDebtAttestation: { attestedBy: '演示法务部' },
      dpa: { ref: `${code}-DPA-01`, signedOn: addDays(today, -365), purpose: '逾期债务的提醒、协商与调解（演示）', piCategories: ['姓名', '身份证号', '手机号', '地址'],
        protectiveMeasures: '字段级加密、最小权限、访问留痕', endOfTerm: 'delete' },
    });
    creditors.push(c);
    out.creditors++;
  }
  const count = opts.count ?? 300;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const target = TARGETS[i % TARGETS.length];
    // Most placements are weeks old; every fourth is recent so the SLA dashboard has a live picture: new cases still
    // waiting for their first action (some at risk, some breached) next to ones handled in time.
    const hoursAgo = target === 'intake' && i % 2 === 0 ? 20 + Math.floor(r() * 50) : i % 4 === 0 ? 120 + Math.floor(r() * 192) : (5 + Math.floor(r() * 120)) * 24;
    const placedAt = new Date(now.getTime() - hoursAgo * 3_600_000);
    const region = pick(REGIONS);
    const birth = `${1960 + Math.floor(r() * 40)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const body = `${region}${birth}${String(i % 1000).padStart(3, '0')}`;
    const origination = addDays(dateInZone(placedAt), -(200 + Math.floor(r() * 700)));
    const placed = await placeCase(tx, keys, {
      creditorId: pick(creditors).id,
      debtor: {
        kind: 'person', name: pick(SURNAMES) + pick(GIVEN), idType: 'resident_id', idNumber: body + residentIdCheckChar(body),
        phones: [`1700000${String(i).padStart(4, '0')}`], emails: [], addresses: [{ label: '送达地址', text: demoAddress(i) }], timeZone: 'Asia/Shanghai',
      },
      debt: {
        originalCreditor: '示例原始债权人（演示）', contractNumber: `DEMO-${String(i + 1).padStart(6, '0')}`, product: pick(PRODUCTS), currency: 'CNY',
        principalFen: BigInt(Math.round(2_000 + r() * 198_000)) * 100n, contractRateBps: BigInt(pick([0, 800, 1200, 1540, 2400])), penaltyRateBps: 0n,
        feesFen: 0n, originationDate: origination, dueDate: addDays(origination, 180 + Math.floor(r() * 180)),
      },
      at: placedAt,
    });
    ids.push(placed.caseId);
    let at = placedAt;
    const step = () => (at = new Date(at.getTime() + (1 + Math.floor(r() * 12)) * 3_600_000));
    if (target !== 'intake' && r() < 0.9) await markFirstAction(tx, { caseId: placed.caseId, kind: 'sms', at: step() });
    for (const to of PATHS[target]) {
      const reason = to === 'closed' ? '演示：结案' : to === 'legal' ? '演示：多次协商未果，转法律途径' : to === 'enforcement' ? '演示：判决生效未履行' : undefined;
      await transitionCase(tx, { caseId: placed.caseId, to, reason, closeReason: to === 'closed' ? CLOSE_REASONS[i % CLOSE_REASONS.length] : undefined, at: step() });
    }
    if (target === 'payment_plan' || target === 'negotiation') {
      const due = addDays(dateInZone(at), 10 + Math.floor(r() * 30));
      await recordPromise(tx, { caseId: placed.caseId, dueDate: due, amountFen: 50_000n, at: step() });
      out.promises++;
      if (r() < 0.5 && daysBetween(addDays(due, -2), today) >= 0) await recordPayment(tx, { caseId: placed.caseId, paidOn: addDays(due, -2), amountFen: 50_000n, source: 'creditor_report', externalRef: `DEMO-PAY-${i}`, at });
    }
    if (target !== 'closed' && i % 7 === 3) {
      await placeHold(tx, { caseId: placed.caseId, kind: HOLD_KINDS[i % HOLD_KINDS.length], reason: '演示：暂停催收', ...(i % 2 ? { resumeAt: new Date(now.getTime() + 7 * 86_400_000) } : {}), at: step() });
      out.holds++;
    }
    out.byStage[target] = (out.byStage[target] ?? 0) + 1;
    out.cases++;
  }
  // Creditor-portal users of the agency see the first two demo creditors.
  for (const u of (await listUsers(tx)).filter((x) => x.role === 'creditor')) {
    for (const c of creditors.slice(0, 2)) await linkCreditorUser(tx, c.id, u.id);
  }
  if (opts.collectorIds?.length) {
    await assignCases(tx, { caseIds: ids, policy: { strategy: 'workload' }, collectors: opts.collectorIds.map((id) => ({ id, active: true })), at: now });
  }
  return out;
}
