// Import wizard (/admin/imports): upload a CSV/XLSX → column mapping (suggested by the server, editable) → dry run
// (row, field, reason) → import with a mode (all-or-nothing, or valid rows only with the rejected ones as a file)
// → progress polled from GET /api/v1/imports/:id → result. Re-importing the same file creates no duplicates.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Progress, Radio, Result, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined, DownloadOutlined } from '@ant-design/icons';
import { get } from '../../api/client';
import { REQUIRED_IMPORT_FIELDS, download, upload, type Creditor, type ImportJob, type ImportPreview, type ImportRowError } from '../../api/cases';
import { useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { useI18n } from '../../i18n';
import { useCasesT, type CasesKey } from './dict';

const FIELD_LABEL: Record<string, [string, string]> = {
  creditor: ['委托方', 'Creditor'], contractNumber: ['合同编号', 'Contract number'], debtorName: ['债务人姓名', 'Debtor name'], idType: ['证件类型', 'ID type'],
  idNumber: ['证件号码', 'ID number'], uscc: ['统一社会信用代码', 'USCC'], legalRepresentative: ['法定代表人', 'Legal representative'], phone: ['手机号', 'Phone'],
  email: ['邮箱', 'E-mail'], address: ['地址', 'Address'], employer: ['工作单位', 'Employer'], product: ['产品', 'Product'], principal: ['本金', 'Principal'],
  contractRate: ['合同利率', 'Contract rate'], penaltyRate: ['罚息利率', 'Penalty rate'], fees: ['费用', 'Fees'], currency: ['币种', 'Currency'],
  originationDate: ['借款日期', 'Origination date'], dueDate: ['到期日', 'Due date'], lastPaymentDate: ['最后还款日', 'Last payment date'], acknowledgedDate: ['承认债务日期', 'Acknowledged date'],
};

type Mode = 'all_or_nothing' | 'valid_only';

export default function ImportsPage() {
  const t = useCasesT();
  const showError = useShowError();
  const { session } = useSession();
  const lang = useI18n().lang === 'en' ? 1 : 0;
  const creditors = useLoad(() => get<{ items: Creditor[] }>('/api/v1/creditors'));
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [creditorId, setCreditorId] = useState<string>();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<ImportJob | null>(null);
  const [mode, setMode] = useState<Mode>('all_or_nothing');
  const [run, setRun] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const csrf = session?.csrfToken ?? '';
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);

  const poll = async (id: string, onUpdate: (j: ImportJob) => void): Promise<ImportJob> => {
    for (;;) {
      const j = await get<ImportJob>(`/api/v1/imports/${id}`);
      if (!live.current) return j;
      onUpdate(j);
      if (j.status !== 'queued' && j.status !== 'running') return j;
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const start = async (m: 'dry_run' | Mode) => {
    if (!file || !creditorId) return null;
    const cleaned = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
    // Unchanged from the server's suggestion: let the server apply its own suggestion (same result, smaller request).
    const suggested = preview?.suggestedMapping ?? {};
    const same = Object.keys(cleaned).length === Object.keys(suggested).length && Object.entries(cleaned).every(([k, v]) => suggested[k] === v);
    const fields: Record<string, string> = { creditorId, mode: m, ...(same ? {} : { mapping: JSON.stringify(cleaned) }) };
    const r = await upload<{ importId: string } | ImportJob>('/api/v1/imports', file, file.name, fields, csrf);
    return 'importId' in r ? r.importId : r.id;
  };

  const doPreview = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const p = await upload<ImportPreview>('/api/v1/imports/preview', file, file.name, {}, csrf);
      setPreview(p);
      setMapping(p.suggestedMapping ?? {});
      setStep(1);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const doDryRun = async () => {
    setBusy(true);
    try {
      const id = await start('dry_run');
      if (id) {
        setStep(2);
        await poll(id, setDry);
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const doImport = async () => {
    setBusy(true);
    try {
      const id = await start(mode);
      if (id) {
        setStep(3);
        await poll(id, setRun);
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setStep(0); setFile(null); setPreview(null); setMapping({}); setDry(null); setRun(null);
  };

  const fields = preview?.fields ?? Object.keys(FIELD_LABEL);
  const required = (f: string) => REQUIRED_IMPORT_FIELDS.includes(f);
  const pctOf = (j: ImportJob | null) => (j && j.total ? Math.min(100, Math.round((j.processed / j.total) * 100)) : j && (j.status === 'done' || j.status === 'rejected') ? 100 : 0);
  const errorTable = (errors: ImportRowError[]) => (
    <div data-testid="import-errors"><Table<ImportRowError>
      size="small" rowKey={(e) => `${e.row}-${e.field}-${e.reason}`} dataSource={errors} pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('row'), dataIndex: 'row', width: 80 },
        { title: t('field'), dataIndex: 'field', width: 180, render: (f: string) => (FIELD_LABEL[f] ? `${FIELD_LABEL[f][lang]} (${f})` : f) },
        { title: t('rowReason'), dataIndex: 'reason', render: (v: string) => <span data-testid="import-error-reason">{v}</span> },
      ]}
    /></div>
  );

  return (
    <div data-testid="imports-page">
      <Typography.Title level={3}>{t('importsTitle')}</Typography.Title>
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: t('stepUpload') }, { title: t('stepMapping') }, { title: t('stepReport') }, { title: t('stepRun') }]} />
      {step === 0 && (
        <Card>
          <Space direction="vertical" style={{ width: '100%' }} size="large">
            <div>
              <Typography.Text>{t('defaultCreditor')}</Typography.Text>
              <Select
                id="import-creditor" style={{ width: '100%', marginTop: 4 }} value={creditorId} onChange={setCreditorId} loading={creditors.loading}
                options={(creditors.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))}
              />
            </div>
            <div data-testid="import-file">
            <Upload.Dragger
              accept=".csv,.xlsx" maxCount={1}
              beforeUpload={(f) => (setFile(f), false)}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p>{t('chooseFile')}</p>
            </Upload.Dragger>
            </div>
            <Button type="primary" disabled={!file || !creditorId} loading={busy} onClick={() => void doPreview()} data-testid="import-next">{t('next')}</Button>
          </Space>
        </Card>
      )}
      {step === 1 && preview && (
        <Card>
          <Table
            id="import-mapping" size="small" rowKey="f" pagination={false}
            dataSource={fields.map((f) => ({ f }))}
            columns={[
              { title: t('ourField'), dataIndex: 'f', render: (f: string) => <Space>{FIELD_LABEL[f]?.[lang] ?? f}<Typography.Text type="secondary">{f}</Typography.Text>{required(f) && <Tag color="red">{t('requiredMark')}</Tag>}</Space> },
              {
                title: t('sourceColumn'), key: 'col',
                render: (_: unknown, { f }: { f: string }) => (
                  <div data-testid={`map-${f}`}><Select
                    style={{ width: 260 }} allowClear placeholder={t('notMapped')} value={mapping[f] || undefined}
                    onChange={(v?: string) => setMapping((m) => ({ ...m, [f]: v ?? '' }))}
                    options={preview.headers.map((h) => ({ value: h, label: h }))}
                  /></div>
                ),
              },
              { title: preview.rows[0] ? 'e.g.' : '', key: 'ex', render: (_: unknown, { f }: { f: string }) => <Typography.Text type="secondary">{mapping[f] ? preview.rows[0]?.[mapping[f]] ?? '' : ''}</Typography.Text> },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(0)}>{t('back')}</Button>
            <Button type="primary" loading={busy} onClick={() => void doDryRun()} data-testid="import-dry-run">{t('preview')}</Button>
          </Space>
        </Card>
      )}
      {step === 2 && (
        <Card data-testid="import-report">
          {!dry || dry.status === 'queued' || dry.status === 'running' ? <Progress percent={pctOf(dry)} status="active" /> : (
            <>
              <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('rowsTotal')}><span data-testid="dry-total">{dry.total ?? dry.processed}</span></Descriptions.Item>
                <Descriptions.Item label={t('validRows')}><span data-testid="dry-valid">{(dry.total ?? dry.processed) - new Set(dry.errors.map((e) => e.row)).size}</span></Descriptions.Item>
                <Descriptions.Item label={t('errorRows')}><span data-testid="dry-errors">{dry.errorCount}</span></Descriptions.Item>
              </Descriptions>
              {dry.failure && <Alert type="error" showIcon message={dry.failure} style={{ marginBottom: 12 }} />}
              {dry.errors.length ? errorTable(dry.errors) : <Empty description={t('noErrors')} />}
              <div style={{ marginTop: 16 }}>
                <Typography.Text strong>{t('mode')}</Typography.Text>
                <Radio.Group
                  style={{ display: 'flex', flexDirection: 'column', marginTop: 8 }} value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="import-mode"
                  options={(['all_or_nothing', 'valid_only'] as const).map((m) => ({ value: m, label: <span data-testid={`mode-${m}`}>{t(`mode_${m}` as CasesKey)}</span> }))}
                />
              </div>
              <Space style={{ marginTop: 16 }}>
                <Button onClick={() => setStep(1)}>{t('back')}</Button>
                <Button type="primary" loading={busy} onClick={() => void doImport()} data-testid="import-run">{t('runImport')}</Button>
              </Space>
            </>
          )}
        </Card>
      )}
      {step === 3 && (
        <Card data-testid="import-result">
          <div data-testid="import-progress"><Progress percent={pctOf(run)} status={run?.status === 'failed' || run?.status === 'rejected' ? 'exception' : run?.status === 'done' ? 'success' : 'active'} /></div>
          {run && run.status !== 'queued' && run.status !== 'running' && (
            <>
              <Result
                status={run.status === 'done' ? 'success' : 'warning'}
                title={<span data-testid="import-status">{t(`importStatus_${run.status}` as CasesKey)}</span>}
                subTitle={run.failure ?? undefined}
              />
              <Descriptions size="small" column={4} bordered>
                <Descriptions.Item label={t('rowsTotal')}>{run.total ?? run.processed}</Descriptions.Item>
                <Descriptions.Item label={t('inserted')}><span data-testid="import-inserted">{run.inserted}</span></Descriptions.Item>
                <Descriptions.Item label={t('duplicates')}>{run.duplicates}</Descriptions.Item>
                <Descriptions.Item label={t('rejected')}>{run.errorCount}</Descriptions.Item>
              </Descriptions>
              {run.errors.length > 0 && <div style={{ marginTop: 16 }}>{errorTable(run.errors)}</div>}
              <Space style={{ marginTop: 16 }}>
                {run.rejectedFileAvailable && (
                  <Button icon={<DownloadOutlined />} data-testid="download-rejected" onClick={() => void download(`/api/v1/imports/${run.id}/rejected`, `${run.fileName}-rejected.csv`).catch((e: unknown) => showError(e))}>
                    {t('downloadRejected')}
                  </Button>
                )}
                <Button onClick={reset}>{t('again')}</Button>
              </Space>
            </>
          )}
        </Card>
      )}
    </div>
  );
}
