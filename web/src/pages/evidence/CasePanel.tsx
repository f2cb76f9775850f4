// The evidence panel of the case page (see ../area.ts; BC-11): every evidence item of the case with its leaf index,
// leaf hash, the checkpoint that covers it, witness and anchor status; an inclusion-proof check in the browser
// against the public checkpoint; the case's evidence package.
import { useState } from 'react';
import { Button, Progress, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { get } from '../../api/client';
import { downloadPackage, type EvidenceItem, type EvidenceItems, type InclusionProof } from '../../api/evidence';
import { useLocalT } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { MSG } from './dict';
import { parseCheckpoint, verifyInclusionSha256 } from './proof';

const yes = (b: boolean, t: (k: 'yes' | 'no') => string, testid: string) => <Tag data-testid={testid} color={b ? 'green' : 'default'}>{b ? t('yes') : t('no')}</Tag>;

export default function CasePanel({ caseId }: { caseId: string }) {
  const t = useLocalT(MSG);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const role = session?.user.role;
  const canExport = role === 'tenant_admin' || role === 'compliance_officer' || role === 'legal_officer';
  const { data, loading } = useLoad(() => get<EvidenceItems>(`/api/v1/evidence/items?caseId=${encodeURIComponent(caseId)}&limit=1000`), [caseId]);
  const [checked, setChecked] = useState<Record<number, boolean>>({});
  const [progress, setProgress] = useState<number>();

  const check = async (it: EvidenceItem) => {
    try {
      const slug = session!.tenant.slug;
      const vk = await get<{ hash: string }>(`/api/v1/evidence/logs/${slug}/vkeys`);
      if (vk.hash !== 'sha256') {
        void message.info(t('proofSm3'));
        return;
      }
      const note = await (await fetch(`/api/v1/evidence/logs/${slug}/checkpoint`)).text();
      const cp = parseCheckpoint(note);
      const p = await get<InclusionProof>(`/api/v1/evidence/logs/${slug}/proof/inclusion?index=${it.leafIndex}&size=${cp.size}`);
      const ok = p.leafHash === it.leafHash && (await verifyInclusionSha256(it.leafIndex, cp.size, p.leafHash, p.proof, cp.root));
      setChecked((c) => ({ ...c, [it.leafIndex]: ok }));
      if (ok) void message.success(t('proofOk', { size: cp.size }));
      else void message.error(t('proofBad'));
    } catch (e) {
      showError(e);
    }
  };
  const download = async () => {
    setProgress(0);
    try {
      await downloadPackage(`caseId=${encodeURIComponent(caseId)}`, setProgress);
    } catch (e) {
      setProgress(undefined);
      showError(e);
    }
  };

  return (
    <div data-testid="evidence-case-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text strong>{t('items')} ({data?.items.length ?? 0})</Typography.Text>
        {canExport && <Button data-testid="evidence-case-package" disabled={!data?.items.some((i) => i.checkpointSize !== null)} onClick={download}>{t('casePackage')}</Button>}
      </Space>
      {progress !== undefined && <Progress percent={Math.round(progress * 100)} size="small" />}
      <Table<EvidenceItem> rowKey="leafIndex" size="small" loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: t('noItems') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(it) => ({ 'data-testid': `evidence-item-${it.leafIndex}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('leaf'), dataIndex: 'leafIndex', width: 80 },
          { title: t('type'), dataIndex: 'type', render: (x: string) => <code>{x}</code> },
          { title: t('recordedAt'), dataIndex: 'recordedAt', render: fmtTime, width: 180 },
          { title: t('digest'), dataIndex: 'leafHash', render: (h: string) => <code title={h}>{h.slice(0, 12)}…</code> },
          { title: t('included'), key: 'cp', render: (_, it) => (it.checkpointSize === null ? yes(false, t, 'evidence-included') : <Tag data-testid="evidence-included" color="green">{t('yes')} · {it.checkpointSize}</Tag>) },
          { title: t('witnessed'), key: 'w', render: (_, it) => yes(it.witnessed, t, 'evidence-witnessed') },
          { title: t('anchored'), key: 'a', render: (_, it) => yes(it.anchored, t, 'evidence-anchored') },
          { title: '', key: 'check', render: (_, it) => (
            <Space>
              <Button size="small" data-testid={`evidence-check-${it.leafIndex}`} disabled={it.checkpointSize === null} onClick={() => check(it)}>{t('checkProof')}</Button>
              {checked[it.leafIndex] !== undefined && <Tag data-testid={`evidence-proof-${it.leafIndex}`} color={checked[it.leafIndex] ? 'green' : 'red'}>{checked[it.leafIndex] ? '✓' : '✗'}</Tag>}
            </Space>
          ) },
        ]} />
    </div>
  );
}
