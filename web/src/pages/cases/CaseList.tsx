// Case list (/admin/cases): search (name, pinyin, phone, ID, ref, contract), filters, server-side sorting and paging,
// saved views, export CSV/XLSX (masked for the role by the server) and bulk assignment to a collector.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Card, Dropdown, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, DownloadOutlined, SaveOutlined, TeamOutlined } from '@ant-design/icons';
import { del, get, post } from '../../api/client';
import {
  BALANCE_BANDS, CASE_STAGES, DPD_BUCKETS, HOLD_KINDS, download, queryString,
  type CaseFilters, type CaseList, type CaseListItem, type CaseView, type Creditor,
} from '../../api/cases';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { useCasesT, type CasesKey } from './dict';
import { StageTag, useStaff, yuan } from './shared';

const SORT_OF: Record<string, string> = { ref: 'ref', stage: 'stage', principal: 'principal', dueDate: 'dueDate', daysPastDue: 'dpd', placedAt: 'placedAt' };

export default function CaseListPage() {
  const t = useCasesT();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const { session } = useSession();
  const isAdmin = session?.user.role === 'tenant_admin';
  const { users, nameOf } = useStaff();
  const [filters, setFilters] = useState<CaseFilters>({});
  const [draftQ, setDraftQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string[]>([]);
  const [assignOpen, setAssignOpen] = useState(false);
  const [viewOpen, setViewOpen] = useState(false);
  const [assignForm] = Form.useForm<{ strategy: string; collectorIds: string[] }>();
  const [viewForm] = Form.useForm<{ name: string }>();

  const qs = queryString({ ...filters, page, pageSize });
  const list = useLoad(() => get<CaseList>(`/api/v1/cases${qs}`), [qs]);
  const creditors = useLoad(() => get<{ items: Creditor[] }>('/api/v1/creditors'));
  const views = useLoad(() => get<{ items: CaseView[] }>('/api/v1/case-views').catch(() => ({ items: [] as CaseView[] })));
  const collectors = users.filter((u) => u.role === 'collector' && u.status === 'active');
  const creditorName = useMemo(() => new Map((creditors.data?.items ?? []).map((c) => [c.id, c.name])), [creditors.data]);

  const apply = (f: CaseFilters) => {
    setFilters(f);
    setPage(1);
    setSelected([]);
  };
  const set = <K extends keyof CaseFilters>(k: K, v: CaseFilters[K] | undefined) => apply({ ...filters, [k]: v || undefined });

  const baseCols: NonNullable<TableProps<CaseListItem>['columns']> = [
    { title: t('ref'), dataIndex: 'ref', key: 'ref', sorter: true, width: 150, render: (ref: string, r) => <Link to={`/admin/cases/${r.id}`} data-testid="case-link">{ref}</Link> },
    { title: t('debtor'), dataIndex: 'debtorName', key: 'debtorName', render: (n: string, r) => <span>{n} <Typography.Text type="secondary">{r.debtorIdMasked}</Typography.Text></span> },
    { title: t('stage'), dataIndex: 'stage', key: 'stage', sorter: true, render: (_: unknown, r) => <Space size={4}><StageTag stage={r.stage} closeReason={r.closeReason} />{r.onHold && <Tag color="red">{t('onHold')}</Tag>}</Space> },
    { title: t('creditor'), dataIndex: 'creditorId', key: 'creditor', render: (id: string, r) => r.creditorName ?? creditorName.get(id) ?? id },
    { title: t('contract'), dataIndex: 'contractNumber', key: 'contract' },
    { title: t('principal'), dataIndex: 'principal', key: 'principal', sorter: true, align: 'right', render: (v: string, r) => yuan(v, r.currency) },
    { title: t('dpd'), dataIndex: 'daysPastDue', key: 'daysPastDue', sorter: true, align: 'right', render: (v?: number) => v ?? '—' },
    { title: t('dueDate'), dataIndex: 'dueDate', key: 'dueDate', sorter: true, width: 110 },
    { title: t('assignedTo'), dataIndex: 'assignedTo', key: 'assignedTo', render: (v: string | null, r) => (v ? r.assignedToName ?? nameOf(v) : <Typography.Text type="secondary">{t('unassigned')}</Typography.Text>) },
    { title: t('placedAt'), dataIndex: 'placedAt', key: 'placedAt', sorter: true, render: (v: string) => <span title={fmtTime(v)}>{v.slice(0, 10)}</span> },
  ];
  const columns = baseCols.map((c) => ({ ...c, sortOrder: c.sorter && SORT_OF[c.key as string] === filters.sort ? (filters.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null }));

  const onTable: TableProps<CaseListItem>['onChange'] = (pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? SORT_OF[String(s.columnKey)] : undefined;
    const order = s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined;
    if (sort !== filters.sort || order !== filters.order) {
      apply({ ...filters, sort, order });
      return;
    }
    setPage(pg.current ?? 1);
    setPageSize(pg.pageSize ?? 20);
  };

  const doExport = async (format: 'csv' | 'xlsx') => {
    try {
      await download(`/api/v1/cases/export${queryString({ ...filters, format })}`, `cases.${format}`);
    } catch (e) {
      showError(e);
    }
  };

  const saveView = async () => {
    const v = await viewForm.validateFields();
    try {
      await post('/api/v1/case-views', { name: v.name, filters: Object.fromEntries(Object.entries(filters).filter(([, x]) => x !== undefined)) });
      void message.success(t('viewSaved'));
      setViewOpen(false);
      viewForm.resetFields();
      views.reload();
    } catch (e) {
      showError(e, viewForm);
    }
  };

  const assign = async () => {
    const v = await assignForm.validateFields();
    try {
      const r = await post<{ assigned: unknown[] }>('/api/v1/cases/assign', {
        caseIds: selected, strategy: v.strategy, collectorIds: v.collectorIds, ...(v.strategy === 'manual' ? { collectorId: v.collectorIds[0] } : {}),
      });
      void message.success(t('assigned', { n: r.assigned.length }));
      setAssignOpen(false);
      setSelected([]);
      list.reload();
    } catch (e) {
      showError(e, assignForm);
    }
  };

  const opt = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${prefix}${v}` as CasesKey) }));
  const items = list.data?.items ?? [];

  return (
    <div data-testid="cases-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('casesTitle')}</Typography.Title>
        <Space wrap>
          <Select
            id="saved-views"
            placeholder={t('savedViews')}
            style={{ minWidth: 200 }}
            allowClear
            options={(views.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
            onChange={(id?: string) => {
              const v = views.data?.items.find((x) => x.id === id);
              if (v) {
                apply({ ...v.filters });
                setDraftQ(v.filters.q ?? '');
              }
            }}
            optionRender={(o) => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <span>{o.label}</span>
                <Popconfirm
                  title={t('deleteView')}
                  onConfirm={async (e) => {
                    e?.stopPropagation();
                    try {
                      await del(`/api/v1/case-views/${String(o.value)}`);
                      void message.success(t('viewDeleted'));
                      views.reload();
                    } catch (err) {
                      showError(err);
                    }
                  }}
                >
                  <DeleteOutlined onClick={(e) => e.stopPropagation()} data-testid="delete-view" />
                </Popconfirm>
              </Space>
            )}
          />
          <Button icon={<SaveOutlined />} onClick={() => setViewOpen(true)} data-testid="save-view">{t('saveView')}</Button>
          <Dropdown trigger={['click']} menu={{ items: [{ key: 'csv', label: t('exportCsv') }, { key: 'xlsx', label: t('exportXlsx') }], onClick: ({ key }) => void doExport(key as 'csv' | 'xlsx') }}>
            <Button icon={<DownloadOutlined />} data-testid="export">{t('export')}</Button>
          </Dropdown>
          {isAdmin && (
            <Button type="primary" icon={<TeamOutlined />} disabled={!selected.length} onClick={() => setAssignOpen(true)} data-testid="bulk-assign">
              {t('bulkAssign')}{selected.length ? ` (${selected.length})` : ''}
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <span data-testid="case-search">
          <Input.Search
            allowClear
            style={{ width: 360 }}
            placeholder={t('searchPlaceholder')}
            value={draftQ}
            onChange={(e) => setDraftQ(e.target.value)}
            onSearch={(q) => set('q', q.trim() || undefined)}
            enterButton={t('search')}
          />
          </span>
          <Select data-testid="filter-stage" allowClear placeholder={t('stage')} style={{ width: 130 }} value={filters.stage} onChange={(v) => set('stage', v)} options={opt('stage_', CASE_STAGES)} />
          <Select
            data-testid="filter-hold" allowClear placeholder={t('hold')} style={{ width: 130 }} value={filters.hold} onChange={(v) => set('hold', v)}
            options={[{ value: 'any', label: t('holdAnyKind') }, { value: 'none', label: t('holdNone') }, ...opt('hold_', HOLD_KINDS)]}
          />
          <Select data-testid="filter-dpd" allowClear placeholder={t('dpdBucket')} style={{ width: 130 }} value={filters.dpdBucket} onChange={(v) => set('dpdBucket', v)} options={opt('dpd_', DPD_BUCKETS)} />
          <Select data-testid="filter-band" allowClear placeholder={t('balanceBand')} style={{ width: 130 }} value={filters.balanceBand} onChange={(v) => set('balanceBand', v)} options={opt('band_', BALANCE_BANDS)} />
          <Select
            data-testid="filter-collector" allowClear placeholder={t('collector')} style={{ width: 150 }} value={filters.collectorId} onChange={(v) => set('collectorId', v)}
            options={[
              ...(session && !collectors.some((c) => c.id === session.user.id) ? [{ value: session.user.id, label: `${session.user.displayName}（${t('me')}）` }] : []),
              ...collectors.map((c) => ({ value: c.id, label: c.displayName })),
            ]}
          />
          <Select
            data-testid="filter-creditor" allowClear placeholder={t('creditor')} style={{ width: 180 }} value={filters.creditorId} onChange={(v) => set('creditorId', v)}
            options={(creditors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          <Button onClick={() => (apply({}), setDraftQ(''))}>{t('reset')}</Button>
        </Space>
      </Card>
      <div data-testid="case-table">
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={items}
        columns={columns}
        onChange={onTable}
        scroll={{ x: 1100 }}
        rowSelection={isAdmin ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true } : undefined}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/admin/cases/${r.id}`) })}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => <span data-testid="case-total">{t('total', { n: list.data?.totalExact === false ? `${n}+` : n })}</span> }}
      />
      </div>
      <Modal open={viewOpen} title={t('saveView')} onOk={() => void saveView()} onCancel={() => setViewOpen(false)} okButtonProps={{ 'data-testid': 'save-view-ok' } as React.ComponentProps<typeof Button>}>
        <Form form={viewForm} layout="vertical">
          <Form.Item name="name" label={t('viewName')} rules={[{ required: true, max: 80 }]}>
            <Input data-testid="view-name" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={assignOpen} title={`${t('bulkAssign')} · ${t('selected', { n: selected.length })}`} onOk={() => void assign()} onCancel={() => setAssignOpen(false)}>
        <Form form={assignForm} layout="vertical" initialValues={{ strategy: 'manual', collectorIds: [] }}>
          <Form.Item name="strategy" label={t('strategy')}>
            <Select options={['manual', 'round_robin', 'workload', 'region'].map((s) => ({ value: s, label: t(`strategy_${s}` as CasesKey) }))} />
          </Form.Item>
          <Form.Item name="collectorIds" label={t('assignTo')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" data-testid="assign-collectors" options={collectors.map((c) => ({ value: c.id, label: c.displayName }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
