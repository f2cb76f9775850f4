// Bank reconciliation (/admin/reconciliation): upload an escrow bank statement (CSV / XLSX), see what matched and
// what went to suspense, and assign suspense money to a case (booked into that creditor's escrow, once).
import { useState } from 'react';
import { Button, Card, Descriptions, Input, List, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { get, post } from '../../api/client';
import { uploadStatement, type Booked, type Reconciliation, type ReconciliationLine } from '../../api/ledger';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';

export default function ReconciliationPage() {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const { session } = useSession();
  const recent = useLoad(() => get<{ items: { id: string; fileName: string; createdAt: string; lineCount: number }[] }>('/api/v1/reconciliations'), []);
  const [current, setCurrent] = useState<Reconciliation | null>(null);
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState<ReconciliationLine | null>(null);
  const open = (id: string) => get<Reconciliation>(`/api/v1/reconciliations/${id}`).then(setCurrent, showError);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="reconciliation-page">
      <Card title={t('reconciliation')}>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => {
          setBusy(true);
          uploadStatement(file, session?.csrfToken ?? '').then((r) => (setCurrent(r), recent.reload()), showError).finally(() => setBusy(false));
          return false;
        }}>
          <Button icon={<UploadOutlined />} loading={busy} type="primary" data-testid="recon-upload">{t('upload')}</Button>
        </Upload>
        <List size="small" style={{ marginTop: 16 }} header={t('recent')} dataSource={recent.data?.items ?? []}
          renderItem={(r) => <List.Item><a onClick={() => void open(r.id)}>{r.fileName}</a> · {fmtTime(r.createdAt)} · {r.lineCount} {t('lines')}</List.Item>} />
      </Card>
      {current && (
        <Card title={`${t('report')} · ${current.fileName}`} data-testid="recon-report">
          <Descriptions size="small" column={3} items={[
            { key: 'm', label: t('matched'), children: <span data-testid="recon-matched">{current.summary.matched}</span> },
            { key: 's', label: t('suspense'), children: <span data-testid="recon-suspense">{current.summary.suspense}</span> },
            { key: 'i', label: t('ignored'), children: current.summary.ignored },
          ]} />
          <Typography.Paragraph><pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{current.report}</pre></Typography.Paragraph>
          <Table<ReconciliationLine> size="small" rowKey="line" dataSource={current.lines} pagination={{ pageSize: 50 }} data-testid="recon-lines"
            columns={[
              { title: t('line'), dataIndex: 'line', width: 60 },
              { title: t('date'), dataIndex: 'date' },
              { title: t('amount'), dataIndex: 'amount', align: 'right' as const },
              { title: t('payer'), dataIndex: 'payer' },
              { title: t('reference'), dataIndex: 'reference' },
              { title: t('outcome'), dataIndex: 'outcome', render: (v: string, l) => <Space><Tag color={v === 'matched' ? 'green' : v === 'suspense' ? 'orange' : undefined} data-testid={`recon-outcome-${v}`}>{t(v as 'matched')}</Tag>{l.rule && <Typography.Text type="secondary">{l.rule}</Typography.Text>}</Space> },
              {
                title: t('actions'), key: 'a',
                render: (_: unknown, l) => l.outcome !== 'suspense' ? null : l.resolved ? <Tag color="blue">{t('resolved')}</Tag>
                  : <Button size="small" onClick={() => setResolving(l)} data-testid="recon-resolve">{t('resolve')}</Button>,
              },
            ]} />
        </Card>
      )}
      {resolving && current && <ResolveModal line={resolving} onClose={(done) => { setResolving(null); if (done) void open(current.id); }} />}
    </Space>
  );
}

function ResolveModal({ line, onClose }: { line: ReconciliationLine; onClose(done: boolean): void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    setBusy(true);
    try {
      const found = await get<{ items: { id: string; ref: string }[] }>(`/api/v1/cases?q=${encodeURIComponent(ref.trim())}&limit=5`);
      const c = found.items.find((i) => i.ref === ref.trim().toUpperCase()) ?? found.items[0];
      if (!c) throw new Error(`${t('caseRef')}: ${ref}`);
      await post<Booked>(`/api/v1/suspense/${line.transferId}/resolve`, { caseId: c.id });
      onClose(true);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('resolve')} · ¥${line.amount}`} onOk={() => void ok()} confirmLoading={busy} onCancel={() => onClose(false)}>
      <Typography.Paragraph type="secondary">{line.payer} · {line.reference}</Typography.Paragraph>
      <Input placeholder={t('caseRef')} value={ref} onChange={(e) => setRef(e.target.value)} data-testid="recon-case-ref" />
    </Modal>
  );
}
