// "My data" as a readable Chinese PDF (PI-09; PIPL art 45 right to a copy), beside the JSON and CSV downloads. The
// layout is built here from the same MyData the portal shows (identity and contact points masked, no staff free
// text) and rendered by the documents module's pdfkit renderer with its embedded CJK font (Noto Sans SC).
import { renderPdf, type LaidBlock, type LaidDocument } from '../documents/index.js';
import type { MyData } from './rights.js';

const KIND_ZH: Record<string, string> = { phone: '电话', email: '电子邮箱', address: '地址' };
const FIELD_ZH: Record<string, string> = { name: '姓名', phone: '电话', email: '电子邮箱', address: '地址', employer: '工作单位' };
const STATUS_ZH: Record<string, string> = { open: '处理中', approved: '已更正', rejected: '未采纳' };
const STAGE_ZH: Record<string, string> = {
  intake: '受理', verification: '核实', active: '催收中', negotiation: '协商', payment_plan: '分期还款', legal: '诉讼', enforcement: '执行', closed: '已结案',
};

const day = (iso: string) => iso.slice(0, 10);
const time = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';

/** The document's blocks (exported for tests: what the PDF says, in order). */
export function myDataLayout(d: MyData): LaidDocument {
  const b: LaidBlock[] = [];
  const kv = (rows: Array<[string, string]>) => b.push({ kind: 'table', header: ['项目 Item', '内容 Value'], rows: rows.map(([k, v]) => [k, v || '—']) });
  b.push({ kind: 'title', text: '个人信息副本' });
  b.push({ kind: 'subtitle', text: `Copy of my personal data · 案件编号 ${d.case.ref} · 生成于 ${time(d.generatedAt)}` });
  b.push({ kind: 'para', indent: true, text: `本文件依据《个人信息保护法》第四十五条向您提供本机构处理的您的个人信息副本。为防止他人冒用，证件号码和联系方式以部分遮蔽的形式显示。${d.controller.note}` });

  b.push({ kind: 'heading', text: '一、本人信息 Identity' });
  kv([
    ['姓名 Name', d.subject.name],
    ['证件类型 ID type', d.subject.idType],
    ['证件号码 ID number (masked)', d.subject.idNumberMasked],
    ['工作单位 Employer', d.subject.employer ?? ''],
    ['时区 Time zone', d.subject.timeZone],
  ]);
  if (d.subject.contactPoints.length) {
    b.push({ kind: 'table', header: ['联系方式 Contact', '内容（遮蔽）Masked', '状态 Status'],
      rows: d.subject.contactPoints.map((p) => [KIND_ZH[p.kind] ?? p.kind, p.masked, p.suppressed ? '已停用 suppressed' : '使用中 in use']) });
  }

  b.push({ kind: 'heading', text: '二、案件与债务 Case and debt' });
  kv([
    ['案件编号 Case', d.case.ref],
    ['阶段 Stage', `${STAGE_ZH[d.case.stage] ?? d.case.stage}（${d.case.stage}）`],
    ['受托日期 Placed', day(d.case.placedAt)],
    ['合同编号 Contract', d.debt.contractNumber],
    ['产品 Product', d.debt.product ?? ''],
    ['本金 Principal', `${d.debt.principal} ${d.debt.currency}`],
    ['已还 Paid', `${d.debt.paid} ${d.debt.currency}`],
    ['未还 Outstanding', `${d.debt.outstanding} ${d.debt.currency}（截至 ${day(d.debt.asOf)}）`],
    ['借款日 / 到期日 Dates', `${d.debt.originationDate} / ${d.debt.dueDate}`],
    ['逾期天数 Days past due', String(d.debt.daysPastDue)],
  ]);

  b.push({ kind: 'heading', text: '三、信息来源 Source' });
  kv([
    ['委托方 Entrusting creditor', `${d.source.creditorName}（${d.source.creditorCode}）`],
    ['原始债权人 Original creditor', d.source.originalCreditor],
    ['说明 Note', d.source.note],
  ]);

  b.push({ kind: 'heading', text: '四、处理目的、依据与保存期限 Purpose, legal basis, retention' });
  kv([
    ['处理活动 Activity', d.purpose.activity],
    ['目的 Purpose', d.purpose.purpose],
    ['法律依据 Legal basis', d.purpose.legalBasis],
    ['信息类别 Categories', d.purpose.categories.join('、')],
    ['接收方 Recipients', d.purpose.recipients],
    ['保存期限 Retention', `${d.purpose.retention}（${d.retention.days} 天）`],
    ['删除规则 Deletion', d.retention.note],
  ]);

  b.push({ kind: 'heading', text: '五、案件记录 Case history' });
  if (d.events.length) b.push({ kind: 'table', header: ['时间 Time', '事项 Event', '说明 Detail'], rows: d.events.map((e) => [time(e.at), e.type, e.detail]) });
  else b.push({ kind: 'para', indent: false, text: '暂无记录。' });

  b.push({ kind: 'heading', text: '六、更正申请 Correction requests' });
  if (d.corrections.length) {
    b.push({ kind: 'table', header: ['提交 Filed', '字段 Field', '新内容（遮蔽）Value', '状态 Status'],
      rows: d.corrections.map((c) => [day(c.createdAt), FIELD_ZH[c.field] ?? c.field, c.proposedMasked, STATUS_ZH[c.status] ?? c.status]) });
  } else b.push({ kind: 'para', indent: false, text: '暂无更正申请。' });

  b.push({ kind: 'heading', text: '七、自动化决策 Automated decisions' });
  b.push({ kind: 'para', indent: true, text: d.automatedDecisions.scored
    ? `本案件有 ${d.automatedDecisions.count} 条自动化评分记录。您可以在“我的个人信息”页面点击“为什么？”查看评分原因，并申请人工复核（《个人信息保护法》第二十四条）。`
    : '本案件没有自动化评分记录。' });
  b.push({ kind: 'right', text: `生成时间：${time(d.generatedAt)}` });
  return { kind: 'demand_letter' as LaidDocument['kind'], title: `个人信息副本 ${d.case.ref}`, templateVersion: 0, blocks: b };
}

/** The PDF bytes (CJK font embedded, subset). */
export async function myDataPdf(d: MyData, opts: { compress?: boolean } = {}): Promise<Uint8Array> {
  return renderPdf(myDataLayout(d), { ...opts, creationDate: new Date(d.generatedAt) });
}
