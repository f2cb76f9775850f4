// Words of the privacy area (zh-CN first, English second), for useLocalT.
const zh = {
  myData: '我的个人信息', myDataIntro: '依据《个人信息保护法》第 44–48 条，您可以查阅、复制、更正您的个人信息，并要求解释自动化决策。',
  identity: '身份信息', name: '姓名', idNumber: '证件号码', employer: '工作单位', contacts: '联系方式', suppressed: '已停用',
  caseSection: '案件', caseRef: '案件编号', stage: '状态', placedAt: '委托时间',
  source: '信息来源', creditor: '委托债权人', originalCreditor: '原债权人',
  debt: '债务', contract: '合同编号', principal: '本金', outstanding: '未还金额', paid: '已还', dpd: '逾期天数',
  purpose: '处理目的与依据', legalBasis: '法律依据', categories: '信息类别', recipients: '接收方', retention: '保存期限',
  events: '案件记录', at: '时间', event: '事件',
  download: '下载我的信息', downloadJson: '下载 JSON', downloadCsv: '下载 CSV（表格）',
  correction: '申请更正', field: '字段', value: '更正后的内容', replaces: '替换哪一项', none: '（新增）', note: '说明', submit: '提交更正申请',
  submitted: '更正申请已提交，工作人员审核后会更新。', myCorrections: '我的更正申请', proposed: '申请内容', status: '状态', decision: '处理意见',
  why: '为什么？（自动化决策说明）', askReview: '申请人工复核', reviewReason: '请说明您希望复核的原因', reviewAsked: '已提交人工复核申请。',
  reasons: '主要因素', noScore: '您的案件没有自动化评分记录。', openReviews: '待处理的复核申请',
  f_name: '姓名', f_phone: '电话', f_email: '邮箱', f_address: '地址', f_employer: '工作单位',
  s_open: '待审核', s_approved: '已采纳', s_rejected: '未采纳', s_resolved: '已处理',
  // back office
  title: '个人信息保护', records: '处理活动记录', pias: '影响评估（PIA）', corrections: '更正申请', retentionTab: '保存期限与删除',
  activity: '处理活动', sensitive: '敏感个人信息', security: '安全措施', lastPia: '最近评估', noPia: '未评估',
  assessedOn: '评估日期', scope: '范围', risks: '风险', measures: '措施', conclusion: '结论', approver: '批准人', addPia: '新增评估', save: '保存',
  c_acceptable: '可接受', c_acceptable_with_measures: '采取措施后可接受', c_not_acceptable: '不可接受',
  requested: '申请时间', approve: '采纳', reject: '不采纳', decisionNote: '处理意见（将记入审计）', noOpen: '没有待处理的更正申请',
  due: '已到期待删除', held: '保全中', retained: '保存期内', purged: '已删除', open: '在办',
  retentionDays: '保存期限（结案后天数）', setDays: '更新期限', runPurge: '立即删除到期数据', runConfirm: '将删除所有到期且未保全的债务人个人信息（写入审计与证据日志），不可恢复。继续？',
  purgedN: '已删除 {n} 位债务人的个人信息', chart: '保存状态分布', debtor: '债务人', closedAt: '结案时间', dueAt: '到期时间', holds: '保全',
  placeHold: '保全案件数据', holdCase: '案件 ID', holdReason: '保全原因', holdsInForce: '生效中的保全', release: '解除',
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  myData: 'My personal data', myDataIntro: 'Under PIPL arts 44–48 you may see, copy and correct your personal data and ask for an explanation of automated decisions.',
  identity: 'Identity', name: 'Name', idNumber: 'ID number', employer: 'Employer', contacts: 'Contact points', suppressed: 'suppressed',
  caseSection: 'Case', caseRef: 'Case reference', stage: 'Status', placedAt: 'Placed',
  source: 'Where the data came from', creditor: 'Entrusting creditor', originalCreditor: 'Original creditor',
  debt: 'Debt', contract: 'Contract', principal: 'Principal', outstanding: 'Outstanding', paid: 'Paid', dpd: 'Days past due',
  purpose: 'Purpose and legal basis', legalBasis: 'Legal basis', categories: 'Categories', recipients: 'Recipients', retention: 'Retention',
  events: 'Case history', at: 'When', event: 'Event',
  download: 'Download my data', downloadJson: 'Download JSON', downloadCsv: 'Download CSV (spreadsheet)',
  correction: 'Ask for a correction', field: 'Field', value: 'Correct value', replaces: 'Replaces', none: '(add new)', note: 'Note', submit: 'Send correction request',
  submitted: 'Correction request sent; staff will review it.', myCorrections: 'My correction requests', proposed: 'Requested value', status: 'Status', decision: 'Decision',
  why: 'Why? (automated decisions)', askReview: 'Ask for a human review', reviewReason: 'Why would you like a review?', reviewAsked: 'Human review requested.',
  reasons: 'Main factors', noScore: 'No automated score is on record for your case.', openReviews: 'Open review requests',
  f_name: 'Name', f_phone: 'Phone', f_email: 'E-mail', f_address: 'Address', f_employer: 'Employer',
  s_open: 'Open', s_approved: 'Approved', s_rejected: 'Rejected', s_resolved: 'Resolved',
  title: 'Personal data protection', records: 'Processing records', pias: 'Impact assessments (PIA)', corrections: 'Correction requests', retentionTab: 'Retention and deletion',
  activity: 'Activity', sensitive: 'Sensitive data', security: 'Security measures', lastPia: 'Last PIA', noPia: 'none',
  assessedOn: 'Assessed on', scope: 'Scope', risks: 'Risks', measures: 'Measures', conclusion: 'Conclusion', approver: 'Approver', addPia: 'Add assessment', save: 'Save',
  c_acceptable: 'Acceptable', c_acceptable_with_measures: 'Acceptable with measures', c_not_acceptable: 'Not acceptable',
  requested: 'Requested', approve: 'Approve', reject: 'Reject', decisionNote: 'Decision note (recorded in the audit trail)', noOpen: 'No open correction requests',
  due: 'Due for deletion', held: 'Held', retained: 'Within retention', purged: 'Deleted', open: 'Open',
  retentionDays: 'Retention (days after closing)', setDays: 'Update period', runPurge: 'Delete due data now', runConfirm: 'This deletes the personal data of every due debtor not under a hold (audit + evidence log). It cannot be undone. Continue?',
  purgedN: 'Deleted the personal data of {n} debtors', chart: 'Retention status', debtor: 'Debtor', closedAt: 'Closed', dueAt: 'Due', holds: 'Holds',
  placeHold: 'Hold a case’s data', holdCase: 'Case id', holdReason: 'Reason', holdsInForce: 'Holds in force', release: 'Release',
};

export const MSG = { zh: zh as Record<Key, string>, en };
