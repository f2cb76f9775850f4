// 文书签署 (/admin/signing; creditor users, legal officers, mediators): agreements waiting for my signature — a
// creditor user signs for its own creditor, a legal officer for the creditor under the entrustment, a mediator as the
// mediator of a mediation agreement (DOC-08/09/10). Read the PDF, then sign with a code sent to my e-mail.
import { useState } from 'react';
import { Card, Empty, Switch, Space, Table, Typography, message } from 'antd';
import { get } from '../../api/client';
import type { PendingSigning } from '../../api/documents';
import { fmtTime, useLoad } from '../../common';
import { useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';
import { PartySignButton, SigningTag, usePartyLabel } from './PartySigning';

const TITLES: Record<string, [string, string]> = {
  repayment_agreement: ['还款协议', 'Repayment agreement'], mediation_agreement: ['调解协议', 'Mediation agreement'], debt_acknowledgment: ['债务确认书', 'Debt acknowledgment'],
};

export default function SigningPage() {
  const t = useLocalT(MSG);
  const label = usePartyLabel();
  const role = useSession().session?.user.role;
  const [history, setHistory] = useState(false);
  const list = useLoad(() => get<{ items: PendingSigning[] }>(`/api/v1/document-signing?signed=${history}`), [history]);
  const items = list.data?.items ?? [];
  return (
    <Card title={t('pendingTitle')} extra={<Space>{t('history')}<Switch checked={history} onChange={setHistory} data-testid="signing-history" /></Space>} data-testid="signing-page">
      {items.length === 0 && !list.loading ? <Empty description={t('none')} /> : (
        <Table<PendingSigning> size="small" rowKey="documentId" loading={list.loading} dataSource={items} pagination={{ pageSize: 20 }}
          onRow={(d) => ({ 'data-testid': `signing-row-${d.kind}` } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('kind'), render: (_, d) => TITLES[d.kind]?.[0] ?? d.kind },
            { title: t('caseRef'), dataIndex: 'caseRef' },
            { title: t('created'), dataIndex: 'createdAt', render: fmtTime },
            { title: t('digest'), dataIndex: 'sha256', render: (h: string, d) => <Typography.Text code title={`SHA-256 ${h}\nSM3 ${d.sm3}`}>{h.slice(0, 12)}…</Typography.Text> },
            { title: t('signers'), render: (_, d) => <SigningTag s={d} /> },
            { title: '', render: (_, d) => <a href={`/api/v1/documents/${d.documentId}/signing/file`} target="_blank" rel="noreferrer" data-testid="signing-view">{t('view')}</a> },
            {
              title: t('party'), render: (_, d) => d.signatures.some((s) => s.party === d.party)
                ? <span>{label(d.party)} ✓</span>
                : <PartySignButton documentId={d.documentId} sha256={d.sha256} party={d.party} onBehalf={role === 'legal_officer' && d.party === 'creditor'} onSigned={(r) => { message.success(t('partySignedOk', { party: label(r.party), leaf: r.evidenceLeaf })); list.reload(); }} />,
            },
          ]} />
      )}
    </Card>
  );
}
