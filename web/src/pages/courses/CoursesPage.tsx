// Back office: the credit-literacy courses (CRS-01..03). Analytics in aggregate with small cells suppressed, the
// agency's own courses through screening and a compliance officer's approval, and the built-in catalogue.
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Input, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { get, post } from '../../api/client';
import type { CourseAnalytics, CourseFinding, PortalCourse, TenantCourse } from '../../api/courses';
import { useI18n } from '../../i18n';
import { fmtTime, useLoad, useShowError } from '../../common';
import { useSession } from '../../session';
import { useBi } from './PortalPanel';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const STATUS_COLOR: Record<TenantCourse['status'], string> = { draft: 'default', submitted: 'gold', published: 'green', rejected: 'red', retired: 'default' };

function Analytics() {
  const { pick } = useI18n();
  const bi = useBi();
  const a = useLoad(() => get<CourseAnalytics>('/api/v1/courses/analytics'));
  const d = a.data;
  const shown = (n: number | null) => (n === null ? pick(`少于 ${d?.minCell ?? 5} 人，不显示`, `under ${d?.minCell ?? 5}, hidden`) : String(n));
  const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
  return (
    <Card title={pick('学习情况（匿名汇总）', 'Learning (anonymous, aggregate)')} loading={a.loading} data-testid="courses-analytics">
      {d && (
        <>
          <ReactEChartsCore echarts={echarts} style={{ height: 260 }} notMerge
            option={{
              tooltip: {}, legend: {}, grid: { left: 40, right: 40, bottom: 60 },
              xAxis: { type: 'category', data: d.courses.map((c) => bi(c.title)), axisLabel: { interval: 0, width: 120, overflow: 'break' } },
              yAxis: [{ type: 'value', name: pick('人数', 'people') }, { type: 'value', name: '%', max: 100 }],
              series: [
                { name: pick('参加', 'Enrolled'), type: 'bar', data: d.courses.map((c) => c.enrolments ?? 0) },
                { name: pick('完成率', 'Completion'), type: 'bar', yAxisIndex: 1, data: d.courses.map((c) => (c.completionRate === null ? 0 : Math.round(c.completionRate * 100))) },
                { name: pick('测验通过率', 'Quiz pass rate'), type: 'bar', yAxisIndex: 1, data: d.courses.map((c) => (c.quizPassRate === null ? 0 : Math.round(c.quizPassRate * 100))) },
              ],
            }} />
          <Table size="small" rowKey="code" pagination={false} dataSource={d.courses}
            columns={[
              { title: pick('课程', 'Course'), render: (_, c) => bi(c.title) },
              { title: pick('参加', 'Enrolled'), render: (_, c) => shown(c.enrolments) },
              { title: pick('完成', 'Completed'), render: (_, c) => shown(c.completed) },
              { title: pick('完成率', 'Completion'), render: (_, c) => pct(c.completionRate) },
              { title: pick('测验通过率', 'Quiz pass rate'), render: (_, c) => pct(c.quizPassRate) },
            ]} />
          <Descriptions size="small" column={1} style={{ marginTop: 16 }} title={pick('还款计划履行情况（仅限同意的债务人）', 'Plan adherence (consenting debtors only)')}>
            <Descriptions.Item label={pick('完成课程者', 'Completed a course')}>{shown(d.adherence.completedCourse.people)} · {pick('按计划履行', 'on track')} {pct(d.adherence.completedCourse.onTrackRate)}</Descriptions.Item>
            <Descriptions.Item label={pick('未完成课程者', 'Did not complete')}>{shown(d.adherence.notCompleted.people)} · {pick('按计划履行', 'on track')} {pct(d.adherence.notCompleted.onTrackRate)}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{pick('这是相关性而非因果：主动学习的人可能本就不同。', d.adherence.note)}</Typography.Text>
        </>
      )}
    </Card>
  );
}

function Findings({ findings }: { findings: CourseFinding[] }) {
  const { pick } = useI18n();
  if (!findings.length) return <Alert type="success" showIcon title={pick('筛查通过：未发现 CRS-01 承诺或违规内容', 'Screening passed: no CRS-01 promise or banned content')} />;
  return (
    <Alert type="error" showIcon data-testid="course-findings" title={pick(`发现 ${findings.length} 处问题，需修改后才能提交`, `${findings.length} finding(s): fix them before submitting`)}
      description={<ul style={{ margin: 0 }}>{findings.map((f, i) => <li key={i}><Tag color="red">{f.ruleId}</Tag>{f.path} ({f.lang}): “{f.matched}” — {f.reason}</li>)}</ul>} />
  );
}

function Editor({ builtIn, onSaved }: { builtIn: PortalCourse[]; onSaved(): void }) {
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const [text, setText] = useState('');
  const [findings, setFindings] = useState<CourseFinding[] | null>(null);
  const parse = () => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      void message.error(pick('不是有效的 JSON', 'Not valid JSON'));
      return undefined;
    }
  };
  const fromTemplate = () => {
    const c = structuredClone(builtIn[0]);
    setText(JSON.stringify({ ...c, code: 'my-course', title: { zh: '本机构课程', en: 'Our course' } }, null, 2));
    setFindings(null);
  };
  const check = async () => {
    const content = parse();
    if (content === undefined) return;
    try {
      setFindings((await post<{ findings: CourseFinding[] }>('/api/v1/courses/screen', { content })).findings);
    } catch (e) {
      showError(e);
    }
  };
  const save = async () => {
    const content = parse();
    if (content === undefined) return;
    try {
      const c = await post<TenantCourse>('/api/v1/courses', { content });
      setFindings(c.findings);
      void message.success(pick(`已保存草稿 v${c.version}`, `Draft v${c.version} saved`));
      onSaved();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={pick('编写本机构课程', 'Write a course of our own')} size="small"
      extra={<Button onClick={fromTemplate} data-testid="course-template">{pick('从内置课程复制', 'Start from a built-in course')}</Button>}>
      <Typography.Paragraph type="secondary">
        {pick('课程文件格式与内置课程相同（JSON）。内容须通过 CRS-01 与话术筛查，并由另一位合规专员批准后才会出现在债务人门户。',
          'Same course-file format as the built-in courses (JSON). Content must pass CRS-01 and content screening, and be approved by another compliance officer, before debtors see it.')}
      </Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 8, maxRows: 24 }} style={{ fontFamily: 'monospace' }} data-testid="course-json" aria-label={pick('课程文件', 'Course file')} />
      <Space style={{ margin: '12px 0' }}>
        <Button onClick={check} data-testid="course-check">{pick('筛查', 'Check')}</Button>
        <Button type="primary" onClick={save} data-testid="course-save">{pick('保存草稿', 'Save draft')}</Button>
      </Space>
      {findings && <Findings findings={findings} />}
    </Card>
  );
}

export default function CoursesPage() {
  const { pick } = useI18n();
  const bi = useBi();
  const role = useSession().session?.user.role;
  const showError = useShowError();
  const data = useLoad(() => get<{ builtIn: PortalCourse[]; tenant: TenantCourse[] }>('/api/v1/courses'));
  const act = async (id: string, verb: 'submit' | 'approve' | 'reject' | 'retire', body: object = {}) => {
    try {
      await post(`/api/v1/courses/${id}/${verb}`, body);
      data.reload();
    } catch (e) {
      showError(e);
    }
  };
  const canAuthor = role === 'tenant_admin' || role === 'compliance_officer';
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="courses-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{pick('信用知识课堂', 'Credit-literacy courses')}</Typography.Title>
      <Alert type="info" showIcon title={pick('CRS-01：课程不得承诺删除或“修复”依法报送的不良记录，不得承诺提高评分，不得为“征信修复”收费。', 'CRS-01: no course may promise to remove or “repair” lawfully reported negative records, promise a higher score, or charge for credit repair.')} />
      <Analytics />
      <Card title={pick('本机构课程', 'Our courses')} loading={data.loading}>
        <Table size="small" rowKey="id" dataSource={data.data?.tenant ?? []} pagination={false} data-testid="tenant-courses"
          expandable={{ expandedRowRender: (c) => <Findings findings={c.findings} /> }}
          columns={[
            { title: pick('课程', 'Course'), render: (_, c) => `${bi(c.content.title)} (${c.code})` },
            { title: pick('版本', 'Version'), dataIndex: 'version' },
            { title: pick('状态', 'Status'), render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{{ draft: pick('草稿', 'draft'), submitted: pick('待批准', 'submitted'), published: pick('已发布', 'published'), rejected: pick('已退回', 'rejected'), retired: pick('已停用', 'retired') }[c.status]}</Tag> },
            { title: pick('意见', 'Note'), render: (_, c) => c.decisionNote ?? '' },
            { title: pick('创建', 'Created'), render: (_, c) => fmtTime(c.createdAt) },
            {
              title: '', render: (_, c) => (
                <Space>
                  {canAuthor && (c.status === 'draft' || c.status === 'rejected') && <Button size="small" onClick={() => act(c.id, 'submit')}>{pick('提交批准', 'Submit')}</Button>}
                  {role === 'compliance_officer' && c.status === 'submitted' && <Button size="small" type="primary" onClick={() => act(c.id, 'approve')}>{pick('批准发布', 'Approve')}</Button>}
                  {role === 'compliance_officer' && c.status === 'submitted' && <Button size="small" danger onClick={() => act(c.id, 'reject', { note: pick('请修改后重新提交', 'Please revise and resubmit') })}>{pick('退回', 'Reject')}</Button>}
                  {canAuthor && c.status === 'published' && (
                    <Popconfirm title={pick('停用后债务人将看不到此课程', 'Debtors will no longer see this course')} onConfirm={() => act(c.id, 'retire')}>
                      <Button size="small">{pick('停用', 'Retire')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]} />
      </Card>
      {canAuthor && data.data && <Editor builtIn={data.data.builtIn} onSaved={data.reload} />}
      <Card title={pick('内置课程', 'Built-in courses')}>
        <List dataSource={data.data?.builtIn ?? []} renderItem={(c) => (
          <List.Item>
            <List.Item.Meta title={`${bi(c.title)} · v${c.version}`} description={<>{bi(c.summary)} {c.rules.map((r) => <Tag key={r}>{r}</Tag>)}</>} />
          </List.Item>
        )} />
      </Card>
    </div>
  );
}
