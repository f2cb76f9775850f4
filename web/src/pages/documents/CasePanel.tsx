// The documents panel of the case page (see ../area.ts): one click per kind (DOC-01..13; disabled with the reason
// when out of the tenant's scope, DOC-05), a fields dialog listing the required fields the case lacks to type in,
// and the case's generated documents with digests, evidence positions, downloads and signature status.
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Modal, Radio, Row, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { get, post } from '../../api/client';
import type { FieldsResponse, GeneratedDoc, KindInfo } from '../../api/documents';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { useSession } from '../../session';
import { MSG } from './dict';
import { PartySignButton, SigningTag } from './PartySigning';

function FieldsDialog({ caseId, kind, onClose, onDone }: { caseId: string; kind: KindInfo; onClose: () => void; onDone: () => void }) {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const [form] = Form.useForm();
  const [format, setFormat] = useState<'pdf' | 'docx'>('pdf');
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = useLoad(() => get<FieldsResponse>(`/api/v1/cases/${caseId}/documents/${kind.kind}/fields?overrides=${encodeURIComponent(JSON.stringify(overrides))}`), [caseId, kind.kind, JSON.stringify(overrides)]);
  const f = fields.data;
  const needs = [...new Set((f?.missing ?? []).flatMap((m) => m.needs ?? [m.field]))];
  const labelOf = (n: string) => f?.fields.find((x) => x.name === n)?.label ?? n;
  const apply = () => {
    const v = form.getFieldsValue() as Record<string, string | undefined>;
    const next = { ...overrides };
    for (const [k, x] of Object.entries(v)) if (x && x.trim()) next[k.replaceAll('__', '.')] = x.trim();
    setOverrides(next);
    return next;
  };
  const generate = () => {
    const ov = apply();
    setBusy(true);
    post<GeneratedDoc>(`/api/v1/cases/${caseId}/documents`, { kind: kind.kind, format, overrides: ov })
      .then(() => { message.success(t('generated')); onDone(); }, (e: unknown) => { showError(e); fields.reload(); })
      .finally(() => setBusy(false));
  };
  return (
    <Modal open width={760} title={t('fieldsTitle', { title: kind.title })} onCancel={onClose} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="doc-fields-dialog">
        {f && f.missing.length > 0 && <Alert type="warning" showIcon message={t('missing')} description={f.missing.map((m) => m.label).join('、')} data-testid="doc-missing" />}
        {f && f.missing.length === 0 && <Alert type="success" showIcon message={t('allFilled')} />}
        <Form form={form} layout="vertical">
          {needs.map((n) => (
            <Form.Item key={n} name={n.replaceAll('.', '__')} label={`${labelOf(n)}${labelOf(n) === n ? '' : ` (${n})`}`}>
              <Input data-testid={`doc-field-${n}`} />
            </Form.Item>
          ))}
        </Form>
        <Space>
          <span>{t('format')}</span>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value)} options={[{ value: 'pdf', label: 'PDF' }, { value: 'docx', label: 'DOCX' }]} data-testid="doc-format" />
          <Button type="primary" loading={busy} onClick={generate} data-testid="doc-generate">{t('generate')}</Button>
        </Space>
        {f && (
          <Table size="small" rowKey="name" pagination={{ pageSize: 8 }} dataSource={f.fields.filter((x) => x.text)} columns={[
            { title: t('filled'), dataIndex: 'label', width: 180 },
            { title: '', render: (_, x) => <span>{x.text}{x.capitals ? ` （${x.capitals}）` : ''}</span> },
          ]} />
        )}
      </Space>
    </Modal>
  );
}

export function SignatureTag({ d, signable }: { d: GeneratedDoc; signable: boolean }) {
  const t = useLocalT(MSG);
  if (!signable) return <span>{t('notSignable')}</span>;
  if (d.signing) return <SigningTag s={d.signing} />;
  return d.signature
    ? <Tooltip title={`${fmtTime(d.signature.signedAt)} · ${d.signature.method} · #${d.signature.evidenceLeaf}`}><Tag color="green" data-testid="doc-signed">{t('signed')}</Tag></Tooltip>
    : <Tag data-testid="doc-unsigned">{t('unsigned')}</Tag>;
}

export default function CasePanel({ caseId }: { caseId: string }) {
  const t = useLocalT(MSG);
  const kinds = useLoad(() => get<{ items: KindInfo[] }>('/api/v1/document-kinds'), []);
  const docs = useLoad(() => get<{ items: GeneratedDoc[] }>(`/api/v1/cases/${caseId}/documents`), [caseId]);
  const [open, setOpen] = useState<KindInfo | null>(null);
  const role = useSession().session?.user.role;
  // Which party the signed-in staff member signs for: a legal officer for the creditor (under the entrustment), a mediator as mediator.
  const myParty = role === 'legal_officer' ? 'creditor' as const : role === 'mediator' ? 'mediator' as const : null;
  const signControl = (d: GeneratedDoc) => {
    if (!myParty || !d.signing || !d.signing.required.includes(myParty) || d.signing.signatures.some((s) => s.party === myParty)) return null;
    return <PartySignButton documentId={d.id} sha256={d.sha256} party={myParty} onBehalf={myParty === 'creditor'} onSigned={() => docs.reload()} />;
  };
  const byKind = new Map((kinds.data?.items ?? []).map((k) => [k.kind, k]));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="documents-case-panel">
      <Card title={t('kinds')} size="small" loading={kinds.loading}>
        <Row gutter={[8, 8]}>
          {(kinds.data?.items ?? []).map((k) => (
            <Col key={k.kind} xs={12} md={8} lg={6}>
              <Tooltip title={k.allowed ? k.legalBasis.join('；') : k.reason}>
                <Button block disabled={!k.allowed} onClick={() => setOpen(k)} data-testid={`doc-gen-${k.kind}`}>
                  {k.title} <Typography.Text type="secondary" style={{ fontSize: 11 }}>{k.rule}</Typography.Text>
                </Button>
              </Tooltip>
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t('docs')} size="small">
        <Table<GeneratedDoc> size="small" rowKey="id" loading={docs.loading} dataSource={docs.data?.items ?? []} pagination={{ pageSize: 10 }}
          onRow={(d) => ({ 'data-testid': `doc-row-${d.kind}` } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('kind'), render: (_, d) => byKind.get(d.kind)?.title ?? d.kind },
            { title: t('format'), dataIndex: 'format', render: (f: string) => f.toUpperCase() },
            { title: t('total'), dataIndex: 'total', render: (v: string | null) => (v ? `¥${v}` : '—') },
            { title: t('digest'), dataIndex: 'sha256', render: (h: string, d) => <Tooltip title={`SHA-256 ${h}\nSM3 ${d.sm3}`}><Typography.Text code>{h.slice(0, 12)}…</Typography.Text></Tooltip> },
            { title: t('leaf'), dataIndex: 'evidenceLeaf' },
            { title: t('created'), dataIndex: 'createdAt', render: fmtTime },
            { title: t('signature'), render: (_, d) => <Space direction="vertical" size={4}><SignatureTag d={d} signable={!!byKind.get(d.kind)?.signable && d.format === 'pdf'} />{d.format === 'pdf' && signControl(d)}</Space> },
            { title: '', render: (_, d) => <a href={`/api/v1/documents/${d.id}/download`} data-testid="doc-download">{t('download')}</a> },
          ]} />
      </Card>
      {open && <FieldsDialog caseId={caseId} kind={open} onClose={() => setOpen(null)} onDone={() => { setOpen(null); docs.reload(); }} />}
    </Space>
  );
}
