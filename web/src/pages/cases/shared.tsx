// Small pieces shared by the cases pages: stage/hold/SLA tags, the staff directory (names for user ids), and
// silent loading for optional endpoints.
import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { get, type User } from '../../api/client';
import type { CaseStage, HoldKind, SlaStatus } from '../../api/cases';
import { useSession } from '../../session';
import { useCasesT, type CasesKey } from './dict';

const STAGE_COLOR: Record<CaseStage, string> = {
  intake: 'default', verification: 'cyan', active: 'blue', negotiation: 'geekblue', payment_plan: 'purple', legal: 'orange', enforcement: 'volcano', closed: 'green',
};
const SLA_COLOR: Record<SlaStatus, string> = { on_track: 'blue', at_risk: 'orange', breached: 'red', met: 'green' };

export function StageTag({ stage, closeReason }: { stage: CaseStage; closeReason?: string | null }) {
  const t = useCasesT();
  return (
    <Tag color={STAGE_COLOR[stage]} data-testid="stage-tag">
      {t(`stage_${stage}` as CasesKey)}
      {closeReason ? ` · ${t(`close_${closeReason}` as CasesKey)}` : ''}
    </Tag>
  );
}

export function HoldTag({ kind }: { kind: HoldKind }) {
  const t = useCasesT();
  return <Tag color="red">{t(`hold_${kind}` as CasesKey)}</Tag>;
}

export function SlaTag({ status }: { status: SlaStatus }) {
  const t = useCasesT();
  return <Tag color={SLA_COLOR[status]} title={t('sla')}>SLA · {t(`sla_${status}` as CasesKey)}</Tag>;
}

/**
 * Names of the tenant's staff by user id. Only roles that may list users get the directory; everyone else sees
 * their own name and short ids for the others.
 */
export function useStaff(): { users: User[]; nameOf: (id: string | null | undefined) => string } {
  const { session } = useSession();
  const t = useCasesT();
  const [users, setUsers] = useState<User[]>([]);
  const role = session?.user.role;
  useEffect(() => {
    if (role !== 'tenant_admin' && role !== 'compliance_officer') return;
    let live = true;
    get<{ items: User[] }>('/api/v1/users').then((r) => live && setUsers(r.items)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [role]);
  const nameOf = (id: string | null | undefined) => {
    if (!id) return '—';
    if (id === session?.user.id) return `${session.user.displayName}（${t('me')}）`;
    return users.find((u) => u.id === id)?.displayName ?? `${t('colleague')} ·${id.slice(-4)}`;
  };
  return { users, nameOf };
}

/** "1234.5" → "¥1,234.50" without going through floating point. */
export function yuan(s: string | null | undefined, currency = 'CNY'): string {
  if (s === null || s === undefined) return '—';
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sym = currency === 'CNY' ? '¥' : `${currency} `;
  return `${neg ? '-' : ''}${sym}${grouped}.${(frac + '00').slice(0, 2)}`;
}

/** Fen as a decimal string ("123450" → "1234.50"), exact. */
export function fenToYuan(fen: string | number | bigint): string {
  const s = String(fen);
  const neg = s.startsWith('-');
  const digits = (neg ? s.slice(1) : s).padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
}

export const pct = (bps: number) => `${(bps / 100).toFixed(2)}%`;
