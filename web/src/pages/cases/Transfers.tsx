// Incoming transfers (/admin/transfers): cases another agency handed to this one (COL-73: one agency at a time).
// Accepting places the debt here with the full sending history; the package digest lets both sides compare.
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Card, Empty, Table, Typography } from 'antd';
import { get, post } from '../../api/client';
import type { IncomingTransfer as Incoming } from '../../api/cases';
import { yuan } from './shared';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useCasesT } from './dict';


export default function TransfersPage() {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const list = useLoad(() => get<{ items: Incoming[] }>('/api/v1/transfers/incoming'));
  const accept = async (id: string) => {
    try {
      const r = await post<{ caseId: string; ref: string }>(`/api/v1/transfers/${id}/accept`, {});
      void message.success(`${t('accepted')} ${r.ref}`);
      navigate(`/admin/cases/${r.caseId}`);
    } catch (e) {
      showError(e);
    }
  };
  return (
    <div data-testid="transfers-page">
      <Typography.Title level={3}>{t('transfersTitle')}</Typography.Title>
      <Card>
        {list.error && !list.data ? <Empty description={t('unavailable')} /> : (
          <Table<Incoming>
            rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []}
            columns={[
              { title: t('at'), dataIndex: 'createdAt', render: fmtTime },
              { title: t('fromAgency'), key: 'from', render: (_: unknown, r) => r.fromTenantId },
              { title: t('ref'), key: 'ref', render: (_: unknown, r) => r.summary.fromRef },
              { title: t('creditor'), key: 'c', render: (_: unknown, r) => r.summary.creditorName },
              { title: t('contract'), key: 'k', render: (_: unknown, r) => r.summary.contractNumber },
              { title: t('principal'), key: 'p', render: (_: unknown, r) => yuan(r.summary.principal, r.summary.currency) },
              { title: t('tabTimeline'), key: 'e', render: (_: unknown, r) => r.summary.events },
              { title: t('digest'), dataIndex: 'packageDigest', render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 16)}…</Typography.Text> },
              { title: '', key: 'a', render: (_: unknown, r) => <Button type="primary" size="small" onClick={() => void accept(r.id)}>{t('accept')}</Button> },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
