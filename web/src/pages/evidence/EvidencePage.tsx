// /admin/evidence (BC-11, BC-12): log head, signed checkpoints with witness cosignatures and anchor receipts, issue a
// checkpoint now, anchor it, run the full audit, download the verifier keys, export a package by case or items.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Progress, Radio, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { get, post } from '../../api/client';
import { downloadPackage, type AuditReport, type EvidenceCheckpoint, type EvidenceOverview } from '../../api/evidence';
import { useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { MSG } from './dict';

const short = (h: string | null) => (h ? `${h.slice(0, 16)}…` : '—');

export default function EvidencePage() {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const role = session?.user.role;
  const canSign = role === 'tenant_admin' || role === 'compliance_officer';
  const canExport = canSign || role === 'legal_officer';
  const { data, loading, reload } = useLoad(() => get<EvidenceOverview>('/api/v1/evidence/overview?limit=100'));
  const [busy, setBusy] = useState('');
  const [audit, setAudit] = useState<AuditReport>();
  const [mode, setMode] = useState<'case' | 'leaves'>('case');
  const [target, setTarget] = useState('');
  const [progress, setProgress] = useState<number>();

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(what);
    try {
      await fn();
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy('');
    }
  };
  const vkeyFile = () => {
    if (!data) return;
    const text = `${data.vkeys.map((k) => k.vkey).join('\n')}\n`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    a.download = `${(data.origin ?? 'log').replace(/[^a-z0-9.-]+/gi, '_')}.vkeys.txt`;
    a.click();
  };
  const exportPkg = () => act('export', async () => {
    const q = mode === 'case' ? `caseId=${encodeURIComponent(target.trim())}` : `leaves=${encodeURIComponent(target.replace(/\s+/g, ''))}`;
    setProgress(0);
    try {
      const bytes = await downloadPackage(q, setProgress);
      void message.success(`${(bytes.length / 1024).toFixed(1)} KiB`);
    } catch (e) {
      setProgress(undefined);
      throw e;
    }
  });

  return (
    <div data-testid="evidence-page">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Card title={t('head')} loading={loading} style={{ marginBottom: 16 }}
        extra={<Space wrap>
          {canSign && <Button data-testid="evidence-issue" loading={busy === 'issue'} onClick={() => act('issue', () => post('/api/v1/evidence/checkpoints'))}>{t('issueNow')}</Button>}
          {canSign && <Button data-testid="evidence-anchor" disabled={!data?.anchorConfigured} title={data?.anchorConfigured ? undefined : t('notConfigured')}
            loading={busy === 'anchor'} onClick={() => act('anchor', () => post('/api/v1/evidence/anchors', {}))}>{t('anchorNow')}</Button>}
          {canSign && <Button data-testid="evidence-audit" loading={busy === 'audit'} onClick={() => act('audit', async () => setAudit(await get<AuditReport>('/api/v1/evidence/audit')))}>{t('audit')}</Button>}
          <Button data-testid="evidence-vkeys" disabled={!data?.vkeys.length} onClick={vkeyFile}>{t('vkey')}</Button>
        </Space>}>
        <Descriptions size="small" column={2} items={[
          { key: 'o', label: t('origin'), children: <code>{data?.origin ?? '—'}</code> },
          { key: 'h', label: t('hash'), children: data?.hash ?? '—' },
          { key: 's', label: t('size'), children: <span data-testid="evidence-size">{data?.size ?? 0}</span> },
          { key: 'r', label: t('root'), children: <code>{short(data?.rootHex ?? null)}</code> },
        ]} />
        {audit && (
          <Alert style={{ marginTop: 12 }} data-testid="evidence-audit-result" type={audit.ok ? 'success' : 'error'}
            message={audit.ok ? t('auditClean') : t('auditFindings')}
            description={<div>
              {t('checked', { leaves: String(audit.leavesChecked), nodes: String(audit.nodesChecked), cps: String(audit.checkpointsChecked) })}
              {audit.findings.slice(0, 20).map((f, i) => <div key={i}><Tag color="red">{f.kind}</Tag>{f.detail}</div>)}
            </div>} />
        )}
      </Card>

      <Card title={`${t('checkpoints')} (${data?.checkpointCount ?? 0})`} style={{ marginBottom: 16 }}>
        <Table<EvidenceCheckpoint> rowKey="size" size="small" loading={loading} dataSource={data?.checkpoints ?? []} data-testid="evidence-checkpoints"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('size'), dataIndex: 'size', width: 100 },
            { title: t('root'), dataIndex: 'rootHex', render: (h: string) => <code>{short(h)}</code> },
            { title: t('issuedAt'), dataIndex: 'issuedAt', render: fmtTime, width: 190 },
            { title: t('witnesses'), key: 'w', render: (_, c) => (c.cosignatures.length ? c.cosignatures.map((w) => <Tag key={w.witnessVkey} color="green" title={w.witnessVkey}>{w.witnessName}</Tag>) : <Tag>{t('none')}</Tag>) },
            { title: t('anchors'), key: 'a', render: (_, c) => (c.anchors.length ? c.anchors.map((a) => <Tag key={a.id} color="blue" title={a.reference}>{a.provider} · {fmtTime(a.anchoredAt)}</Tag>) : <Tag>{t('none')}</Tag>) },
          ]} />
      </Card>

      {canExport && (
        <Card title={t('exportTitle')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} options={[{ value: 'case', label: t('exportCase') }, { value: 'leaves', label: t('exportLeaves') }]} />
            <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
              <Input data-testid="evidence-export-target" value={target} onChange={(e) => setTarget(e.target.value)} placeholder={mode === 'case' ? 'case_…' : '0,5,9'} />
              <Button type="primary" data-testid="evidence-export" disabled={!target.trim()} loading={busy === 'export'} onClick={exportPkg}>{t('download')}</Button>
            </Space.Compact>
            {progress !== undefined && <Progress data-testid="evidence-export-progress" percent={Math.round(progress * 100)} size="small" style={{ maxWidth: 640 }} />}
          </Space>
        </Card>
      )}
    </div>
  );
}
