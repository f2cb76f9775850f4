// Templates page (/admin/templates): the tenant's document templates are DATA — list, edit the JSON (field schema
// and blocks; server validation errors are shown by path), preview as PDF with sample data, version history, restore
// the shipped version. Legal officers and tenant admins.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Input, List, Row, Space, Table, Tag, Typography, message } from 'antd';
import { ApiError, get, post, put } from '../../api/client';
import type { ActiveTemplate, DocKind, TemplateSummary, TemplateVersion } from '../../api/documents';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useLocalT } from '../../i18n';
import { MSG } from './dict';

export default function Templates() {
  const t = useLocalT(MSG);
  const showError = useShowError();
  const list = useLoad(() => get<{ items: TemplateSummary[] }>('/api/v1/document-templates'), []);
  const [kind, setKind] = useState<DocKind>('demand_letter');
  const active = useLoad(() => get<ActiveTemplate>(`/api/v1/document-templates/${kind}`), [kind]);
  const versions = useLoad(() => get<{ items: TemplateVersion[] }>(`/api/v1/document-templates/${kind}/versions`), [kind]);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [pdf, setPdf] = useState<string | null>(null);
  useEffect(() => { if (active.data) setText(JSON.stringify(active.data.template, null, 2)); setErrors([]); }, [active.data]);
  const parsed = (): Record<string, unknown> | null => {
    try {
      const v = JSON.parse(text) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      return v as Record<string, unknown>;
    } catch (e) {
      setErrors([t('jsonInvalid', { msg: (e as Error).message })]);
      return null;
    }
  };
  const serverErrors = (e: unknown) => {
    if (e instanceof ApiError && e.detail) setErrors(String(e.detail).split('; '));
    else showError(e);
  };
  const reloadAll = () => { active.reload(); versions.reload(); list.reload(); };
  const save = () => {
    const tpl = parsed();
    if (!tpl) return;
    put<ActiveTemplate>(`/api/v1/document-templates/${kind}`, { template: tpl }).then((r) => { setErrors([]); message.success(t('saved', { v: r.version })); reloadAll(); }, serverErrors);
  };
  const preview = () => {
    const tpl = parsed();
    if (!tpl) return;
    post<{ pdfBase64: string }>(`/api/v1/document-templates/${kind}/preview`, { template: tpl }).then((r) => {
      setErrors([]);
      const bytes = Uint8Array.from(atob(r.pdfBase64), (c) => c.charCodeAt(0));
      setPdf((old) => { if (old) URL.revokeObjectURL(old); return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })); });
    }, serverErrors);
  };
  const restore = () => post<ActiveTemplate>(`/api/v1/document-templates/${kind}/restore`).then((r) => { message.success(t('restored', { v: r.version })); reloadAll(); }, showError);
  return (
    <Row gutter={16} data-testid="templates-page">
      <Col span={6}>
        <Card title={t('templates')} size="small">
          <List size="small" loading={list.loading} dataSource={list.data?.items ?? []} renderItem={(x) => (
            <List.Item onClick={() => setKind(x.kind)} style={{ cursor: 'pointer', background: x.kind === kind ? '#fff1f0' : undefined }} data-testid={`tpl-${x.kind}`}>
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{x.title}</Typography.Text>
                <Space size={4}><Tag>{x.rule}</Tag><Tag color={x.source === 'tenant' ? 'blue' : undefined}>{x.source === 'tenant' ? t('tenant') : t('shipped')} v{x.version}</Tag></Space>
              </Space>
            </List.Item>
          )} />
        </Card>
      </Col>
      <Col span={18}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card size="small" title={`${t('edit')} · ${kind}`} extra={<Space>
            <Button onClick={preview} data-testid="tpl-preview">{t('preview')}</Button>
            <Button type="primary" onClick={save} data-testid="tpl-save">{t('save')}</Button>
            <Button danger onClick={restore} data-testid="tpl-restore">{t('restore')}</Button>
          </Space>}>
            {errors.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={<ul style={{ margin: 0 }}>{errors.map((e) => <li key={e}>{e}</li>)}</ul>} data-testid="tpl-errors" />}
            <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 16, maxRows: 28 }} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="tpl-json" />
          </Card>
          {pdf && <Card size="small" title={t('preview')}><iframe title="preview" src={pdf} style={{ width: '100%', height: 600, border: 0 }} data-testid="tpl-pdf" /></Card>}
          <Card size="small" title={t('versions')}>
            <Table size="small" rowKey="version" loading={versions.loading} dataSource={versions.data?.items ?? []} pagination={false} columns={[
              { title: t('version'), dataIndex: 'version' },
              { title: t('source'), dataIndex: 'source', render: (s: string) => (s === 'tenant' ? t('tenant') : t('shipped')) },
              { title: '', dataIndex: 'createdBy' },
              { title: t('created'), dataIndex: 'createdAt', render: fmtTime },
            ]} />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}
