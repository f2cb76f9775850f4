// Creditors and leads (/admin/creditors): the agency's creditors (clients), a new creditor, the entrustment form
// (scope, term, fee terms, COL-02 lawful-debt attestation, COL-03 data-processing agreement), and the consultation
// leads from the public form with "convert to creditor + case".
import { useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { get, post } from '../../api/client';
import { ENTRUSTMENT_SCOPES, type Creditor, type Lead } from '../../api/cases';
import { SCOPE_LABELS, type Scope, type User } from '../../api/client';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useCasesT, type CasesKey } from './dict';

interface EntrustmentForm {
  scopes: string[]; term: [Dayjs, Dayjs]; feeTermsRef: string; contractRef: string; attestedBy: string; attest: boolean;
  dpaRef: string; dpaSigned: Dayjs; dpaPurpose: string; piCategories: string; measures: string; endOfTerm: 'return' | 'delete'; subdelegationConsent: boolean;
}

export default function CreditorsPage() {
  const t = useCasesT();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const { session } = useSession();
  const isAdmin = session?.user.role === 'tenant_admin';
  const creditors = useLoad(() => get<{ items: Creditor[] }>('/api/v1/creditors'));
  const leads = useLoad(() => (isAdmin ? get<{ items: Lead[] }>('/api/v1/leads').catch(() => ({ items: [] as Lead[] })) : Promise.resolve({ items: [] as Lead[] })), [isAdmin]);
  const [newOpen, setNewOpen] = useState(false);
  const [entrustFor, setEntrustFor] = useState<Creditor | null>(null);
  const [convertLead, setConvertLead] = useState<Lead | null>(null);
  const [linkFor, setLinkFor] = useState<Creditor | null>(null);
  const [linkUser, setLinkUser] = useState<string>();
  const portalUsers = useLoad(() => (isAdmin ? get<{ items: User[] }>('/api/v1/users') : Promise.resolve({ items: [] as User[] })), [isAdmin]);
  const [cForm] = Form.useForm();
  const [eForm] = Form.useForm<EntrustmentForm>();
  const [lForm] = Form.useForm();

  const createCreditor = async () => {
    const v = await cForm.validateFields();
    try {
      await post('/api/v1/creditors', { ...v, uscc: v.uscc || undefined, firstActionHours: v.firstActionHours ?? undefined });
      void message.success(t('creditorSaved'));
      setNewOpen(false);
      cForm.resetFields();
      creditors.reload();
    } catch (e) {
      showError(e, cForm);
    }
  };

  const recordEntrustment = async () => {
    const v = await eForm.validateFields();
    if (!entrustFor) return;
    try {
      await post(`/api/v1/creditors/${entrustFor.id}/entrustments`, {
        scopes: v.scopes, startsOn: v.term[0].format('YYYY-MM-DD'), endsOn: v.term[1].format('YYYY-MM-DD'), feeTermsRef: v.feeTermsRef, contractRef: v.contractRef,
        lawfulDebtAttestation: { attestedBy: v.attestedBy },
        dpa: {
          ref: v.dpaRef, signedOn: v.dpaSigned.format('YYYY-MM-DD'), purpose: v.dpaPurpose,
          piCategories: v.piCategories.split(/[,，、]/).map((x) => x.trim()).filter(Boolean), protectiveMeasures: v.measures, endOfTerm: v.endOfTerm,
        },
        subdelegationConsent: !!v.subdelegationConsent,
      });
      void message.success(t('entrustmentSaved'));
      setEntrustFor(null);
      eForm.resetFields();
    } catch (e) {
      showError(e, eForm);
    }
  };

  const convert = async () => {
    const v = await lForm.validateFields();
    if (!convertLead) return;
    try {
      await post(`/api/v1/leads/${convertLead.id}/convert`, {
        creditorId: v.creditorId,
        debtor: { kind: 'person', name: v.debtorName, idType: 'resident_id', idNumber: v.idNumber, phones: v.phone ? [v.phone] : [] },
        debt: {
          originalCreditor: v.originalCreditor, contractNumber: v.contractNumber, principal: String(v.principal),
          originationDate: (v.originationDate as Dayjs).format('YYYY-MM-DD'), dueDate: (v.dueDate as Dayjs).format('YYYY-MM-DD'),
        },
      });
      void message.success(t('converted'));
      setConvertLead(null);
      leads.reload();
      creditors.reload();
    } catch (e) {
      showError(e, lForm);
    }
  };

  const link = async () => {
    if (!linkFor || !linkUser) return;
    try {
      await post(`/api/v1/creditors/${linkFor.id}/users`, { userId: linkUser });
      void message.success(t('userLinked'));
      setLinkFor(null);
      setLinkUser(undefined);
    } catch (e) {
      showError(e);
    }
  };

  const creditorTable = (
    <Card
      extra={isAdmin && <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewOpen(true)} data-testid="new-creditor">{t('newCreditor')}</Button>}
    >
      <div data-testid="creditor-table"><Table<Creditor>
        rowKey="id" loading={creditors.loading} dataSource={creditors.data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('code'), dataIndex: 'code' },
          { title: t('name'), dataIndex: 'name' },
          { title: t('lenderKind'), dataIndex: 'lenderKind', render: (v: string) => t(`lender_${v}` as CasesKey) },
          { title: t('firstActionHours'), dataIndex: 'firstActionHours', render: (v: number | null) => v ?? '72' },
          ...(isAdmin ? [{ title: '', key: 'e', render: (_: unknown, r: Creditor) => (
            <Space>
              <Button size="small" onClick={() => setEntrustFor(r)} data-testid="entrust">{t('entrustment')}</Button>
              <Button size="small" onClick={() => setLinkFor(r)} data-testid="link-user">{t('linkUser')}</Button>
            </Space>
          ) }] : []),
        ]}
      /></div>
    </Card>
  );

  return (
    <div data-testid="creditors-page">
      <Typography.Title level={3}>{t('creditorsTitle')}</Typography.Title>
      <Tabs
        items={[
          { key: 'creditors', label: t('creditorsTitle'), children: creditorTable },
          ...(isAdmin
            ? [{
                key: 'leads', label: <span data-testid="tab-leads">{t('leads')}</span>,
                children: (
                  <Card>
                    <Table<Lead>
                      data-testid="lead-table" rowKey="id" loading={leads.loading} dataSource={leads.data?.items ?? []}
                      columns={[
                        { title: t('at'), dataIndex: 'createdAt', render: fmtTime },
                        { title: t('name'), dataIndex: 'name' },
                        { title: t('roleOf'), dataIndex: 'role' },
                        { title: t('contact'), dataIndex: 'contactMasked' },
                        { title: t('message'), dataIndex: 'message', ellipsis: true },
                        { title: t('status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`lead_${v}` as CasesKey)}</Tag> },
                        { title: '', key: 'c', render: (_: unknown, r) => r.status !== 'converted' && <Button size="small" onClick={() => setConvertLead(r)}>{t('convert')}</Button> },
                      ]}
                    />
                  </Card>
                ),
              }]
            : []),
        ]}
      />
      <Modal open={newOpen} title={t('newCreditor')} onOk={() => void createCreditor()} onCancel={() => setNewOpen(false)} destroyOnHidden okButtonProps={{ 'data-testid': 'new-creditor-ok' } as React.ComponentProps<typeof Button>}>
        <Form form={cForm} layout="vertical" initialValues={{ lenderKind: 'private' }} preserve={false}>
          <Form.Item name="code" label={t('code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,40}$/ }]}><Input /></Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="uscc" label={t('uscc')}><Input maxLength={18} /></Form.Item>
          <Form.Item name="lenderKind" label={t('lenderKind')}>
            <Select options={['private', 'licensed_fi', 'local_financial_org'].map((k) => ({ value: k, label: t(`lender_${k}` as CasesKey) }))} />
          </Form.Item>
          <Form.Item name="firstActionHours" label={t('firstActionHours')}><InputNumber min={1} max={720} placeholder="72" style={{ width: '100%' }} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!entrustFor} width={720} title={`${t('entrustment')} · ${entrustFor?.name ?? ''}`} onOk={() => void recordEntrustment()} onCancel={() => setEntrustFor(null)} destroyOnHidden>
        <Form
          form={eForm} layout="vertical" preserve={false}
          initialValues={{ scopes: ['collection_outsourcing'], term: [dayjs(), dayjs().add(1, 'year')], endOfTerm: 'delete', dpaSigned: dayjs(), piCategories: lang === 'zh' ? '姓名, 证件号码, 联系方式, 债务信息' : 'name, ID number, contact, debt' }}
        >
          <Form.Item name="scopes" label={t('scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group options={ENTRUSTMENT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s as Scope][lang] }))} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="term" label={`${t('startsOn')} – ${t('endsOn')}`} rules={[{ required: true }]} style={{ flex: 1 }}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          </Space.Compact>
          <Space style={{ width: '100%' }} align="start">
            <Form.Item name="feeTermsRef" label={t('feeTermsRef')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="contractRef" label={t('contractRef')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          </Space>
          <Form.Item name="attestedBy" label={t('attestedBy')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="attest" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('attestation')))) }]}>
            <Checkbox>{t('attestation')}</Checkbox>
          </Form.Item>
          <Typography.Title level={5}>{t('dpa')}</Typography.Title>
          <Space style={{ width: '100%' }} align="start">
            <Form.Item name="dpaRef" label={t('dpaRef')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="dpaSigned" label={t('dpaSigned')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="endOfTerm" label={t('endOfTerm')}>
              <Radio.Group options={[{ value: 'return', label: t('end_return') }, { value: 'delete', label: t('end_delete') }]} />
            </Form.Item>
          </Space>
          <Form.Item name="dpaPurpose" label={t('dpaPurpose')} rules={[{ required: true, whitespace: true }]}><Input maxLength={500} /></Form.Item>
          <Form.Item name="piCategories" label={t('piCategories')} rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
          <Form.Item name="measures" label={t('measures')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
          <Form.Item name="subdelegationConsent" valuePropName="checked"><Checkbox>{t('subdelegation')}</Checkbox></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!linkFor} title={`${t('linkUser')} · ${linkFor?.name ?? ''}`} onOk={() => void link()} onCancel={() => setLinkFor(null)} okButtonProps={{ disabled: !linkUser, 'data-testid': 'link-user-ok' } as React.ComponentProps<typeof Button>}>
        <Typography.Paragraph type="secondary">{t('linkUserHint')}</Typography.Paragraph>
        <Select
          id="link-user-select" style={{ width: '100%' }} value={linkUser} onChange={setLinkUser}
          options={(portalUsers.data?.items ?? []).filter((u) => u.role === 'creditor' && u.status === 'active').map((u) => ({ value: u.id, label: `${u.displayName} <${u.email}>` }))}
        />
      </Modal>
      <Modal open={!!convertLead} width={720} title={t('convert')} onOk={() => void convert()} onCancel={() => setConvertLead(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{convertLead?.name} · {convertLead?.message}</Typography.Paragraph>
        <Form form={lForm} layout="vertical" preserve={false}>
          <Form.Item name="creditorId" label={t('creditor')} rules={[{ required: true }]}>
            <Select options={(creditors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Space style={{ width: '100%' }} align="start" wrap>
            <Form.Item name="debtorName" label={t('debtor')} rules={[{ required: true, whitespace: true }]} initialValue={convertLead?.role === 'debtor' ? convertLead.name : undefined}><Input maxLength={100} /></Form.Item>
            <Form.Item name="idNumber" label={t('idNumber')} rules={[{ required: true, whitespace: true }]}><Input maxLength={40} /></Form.Item>
            <Form.Item name="phone" label={t('contact')}><Input maxLength={30} /></Form.Item>
          </Space>
          <Space style={{ width: '100%' }} align="start" wrap>
            <Form.Item name="originalCreditor" label={t('originalCreditor')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
            <Form.Item name="contractNumber" label={t('contract')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
            <Form.Item name="principal" label={t('principal')} rules={[{ required: true }]}><InputNumber<string> stringMode min="0.01" precision={2} /></Form.Item>
          </Space>
          <Space style={{ width: '100%' }} align="start" wrap>
            <Form.Item name="originationDate" label={t('startsOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
            <Form.Item name="dueDate" label={t('dueDate')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
