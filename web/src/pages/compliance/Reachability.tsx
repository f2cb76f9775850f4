// COL-31 in the contact composer: is the debtor unreachable (so a third party may be asked for contact details or
// to pass a message) and why — derived by the server from the contact log (N consecutive failures on every phone and
// e-mail line, invalid numbers) and staff marks. Staff may mark the debtor out of contact with a reason, or clear it.
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { Reachability } from '../../api/compliance';
import { useI18n, useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { MSG } from './dict';

const LINE_COLOR = { invalid: 'red', failing: 'orange', ok: 'green', untried: 'default' } as const;

export default function ReachabilityBox({ caseId, version, onChanged }: { caseId: string; version: number; onChanged?: () => void }) {
  const t = useLocalT(MSG);
  const { pick } = useI18n();
  const showError = useShowError();
  const r = useLoad(() => get<Reachability>(`/api/v1/cases/${caseId}/reachability`), [caseId, version]);
  const [marking, setMarking] = useState<null | { kind: 'out_of_contact' | 'incapacitated' } | { clear: string }>(null);
  const [reason, setReason] = useState('');
  const d = r.data;
  if (!d) return null;
  const lineLabel = { invalid: t('lineInvalid'), failing: t('lineFailing'), ok: t('lineOk'), untried: t('lineUntried') };
  const submit = async () => {
    try {
      if (marking && 'clear' in marking) await post(`/api/v1/cases/${caseId}/reachability/marks/${marking.clear}/clear`, { reason });
      else if (marking) await post(`/api/v1/cases/${caseId}/reachability/marks`, { kind: marking.kind, reason });
      setMarking(null);
      setReason('');
      r.reload();
      onChanged?.();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <div data-testid="reachability" data-unreachable={String(d.unreachable)} style={{ marginBottom: 12 }}>
      <Alert type={d.unreachable ? 'warning' : 'info'} showIcon title={`${t('reach')}: ${d.unreachable ? t('unreachable') : t('reachable')}`}
        description={
          <div>
            <div data-testid="reachability-why">{pick(d.reasonZh, d.reasonEn)}</div>
            <Space wrap size={4} style={{ marginTop: 4 }}>
              {d.lines.map((l) => (
                <Tag key={l.contactPointId} color={LINE_COLOR[l.state]} data-testid="reachability-line">
                  {l.masked} · {lineLabel[l.state]}{l.state !== 'invalid' && l.state !== 'untried' ? ` ${l.failures}/${d.threshold}` : ''}
                </Tag>
              ))}
            </Space>
            {d.marks.length > 0 && (
              <div style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">{t('marks')}: </Typography.Text>
                {d.marks.map((m) => (
                  <span key={m.id} data-testid="reachability-mark">
                    {m.kind === 'out_of_contact' ? t('markOut') : t('markIncap')} — {m.reason} ({fmtTime(m.createdAt)})
                    <Button size="small" type="link" onClick={() => setMarking({ clear: m.id })}>{t('clear')}</Button>
                  </span>
                ))}
              </div>
            )}
            {!d.outOfContact && (
              <Space style={{ marginTop: 4 }}>
                <Button size="small" onClick={() => setMarking({ kind: 'out_of_contact' })} data-testid="mark-out-of-contact">{t('markOut')}</Button>
                {!d.incapacitated && <Button size="small" onClick={() => setMarking({ kind: 'incapacitated' })}>{t('markIncap')}</Button>}
              </Space>
            )}
          </div>
        } />
      <Modal open={marking !== null} onCancel={() => setMarking(null)} onOk={() => void submit()} okButtonProps={{ disabled: reason.trim().length < 5, ...({ 'data-testid': 'mark-ok' } as Record<string, string>) }}
        title={marking && 'clear' in marking ? t('clear') : marking?.kind === 'incapacitated' ? t('markIncap') : t('markOut')}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="mark-reason"
          placeholder={marking && 'clear' in marking ? t('clearReason') : t('markReason')} />
      </Modal>
    </div>
  );
}
