// The documents panel of the debtor portal (see ../area.ts): agreements of my case (repayment, mediation, debt
// acknowledgment) to read as PDF and sign after confirming identity again with a one-time code to my phone. The
// signature binds the PDF's SHA-256 and is recorded in the evidence log.
import { useState } from 'react';
import { Alert, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { GeneratedDoc } from '../../api/documents';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';
import { SigningTag } from './PartySigning';

const TITLES: Record<string, [string, string]> = {
  repayment_agreement: ['还款协议', 'Repayment agreement'], mediation_agreement: ['调解协议', 'Mediation agreement'], debt_acknowledgment: ['债务确认书', 'Debt acknowledgment'],
};

function SignRow({ d }: { d: GeneratedDoc }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [sent, setSent] = useState<{ sentTo: string; documentSha256: string } | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => { setBusy(true); post<{ sentTo: string; documentSha256: string }>(`/api/v1/portal/documents/${d.id}/sign-request`).then(setSent, showError).finally(() => setBusy(false)); };
  const sign = () => {
    setBusy(true);
    post<{ evidenceLeaf: number }>(`/api/v1/portal/documents/${d.id}/sign`, { code, documentSha256: sent?.documentSha256 ?? d.sha256 }).then((r) => setDone(r.evidenceLeaf), showError).finally(() => setBusy(false));
  };
  return (
    <List.Item data-testid={`portal-doc-${d.kind}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{TITLES[d.kind]?.[0] ?? d.kind}</Typography.Text>
          <Typography.Text type="secondary">{fmtTime(d.createdAt)}</Typography.Text>
          <Typography.Text code>SHA-256 {d.sha256.slice(0, 16)}…</Typography.Text>
          {d.signature || done !== null ? <Tag color="green" data-testid="portal-doc-status">{t('signed')}</Tag> : <Tag data-testid="portal-doc-status">{t('unsigned')}</Tag>}
          {d.signing && <SigningTag s={d.signing} />}
          <a href={`/api/v1/portal/documents/${d.id}/file`} target="_blank" rel="noreferrer" data-testid="portal-doc-view">{t('view')}</a>
        </Space>
        {!d.signature && !sent && <Button type="primary" loading={busy} onClick={start} data-testid="portal-doc-sign-request">{t('signStart')}</Button>}
        {!d.signature && sent && done === null && (
          <Space wrap>
            <Alert type="info" showIcon message={t('codeSent', { phone: sent.sentTo, digest: sent.documentSha256.slice(0, 16) })} />
            <Input style={{ width: 140 }} maxLength={6} placeholder={t('code')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="portal-doc-code" />
            <Button type="primary" loading={busy} disabled={!/^\d{6}$/.test(code)} onClick={sign} data-testid="portal-doc-sign">{t('sign')}</Button>
          </Space>
        )}
        {done !== null && <Alert type="success" showIcon message={t('signedOk', { leaf: done })} data-testid="portal-doc-signed" />}
      </Space>
    </List.Item>
  );
}

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const t = useLocalT(MSG);
  const docs = useLoad(() => get<{ items: GeneratedDoc[] }>('/api/v1/portal/documents'), [caseRef]);
  return (
    <Card title={t('portalDocs')} size="small" loading={docs.loading} data-testid="documents-portal-panel">
      {(docs.data?.items ?? []).length === 0 ? <Empty description={t('none')} /> : (
        <List dataSource={docs.data?.items ?? []} renderItem={(d) => <SignRow key={d.id} d={d} />} />
      )}
    </Card>
  );
}
