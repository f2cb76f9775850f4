// Words of the compliance area, zh-CN first.
const zh = {
  composer: '联系编辑器', channel: '渠道', target: '联系对象', debtor: '债务人本人', thirdParty: '第三方（仅询问联系方式/转告）', template: '话术模板', freeText: '自由文本',
  noTemplate: '不使用模板', text: '内容', outcome: '联系结果', record: '记录联系', allowed: '合规闸门：允许', denied: '合规闸门：拒绝', checking: '正在检查…',
  nextAllowed: '下次可联系时间', recorded: '已记录联系', refused: '联系被拒绝并已记录', history: '联系记录', when: '时间', decision: '结果', rules: '触发规则',
  rendered: '将发送的内容', hits: '禁止用语', relation: '关系', contactId: '第三方编号', purpose: '目的', locate: '询问联系方式', relay: '转告信息',
  allow: '允许', deny: '拒绝', none: '无',
  // portal
  portalTitle: '投诉与异议', portalIntro: '如果您认为这不是您的债务，或对催收方式不满，可在此提交。提交后我们将暂停联系，并在 15 日内答复。',
  notMine: '这不是我的债务（异议）', complaint: '投诉催收行为', summary: '说明', submit: '提交', submitted: '已提交，联系已暂停', myItems: '我的投诉与异议',
  kind: '类型', status: '状态', due: '答复期限', answer: '答复',
  // pages
  dashTitle: '合规看板', allowedN: '允许', refusedN: '拒绝', byRule: '按规则的拒绝次数（每日）', topRefused: '最常见拒绝原因', perCollector: '催收员数据',
  collector: '人员', rate: '拒绝率', complaintsSla: '投诉与 SLA', open: '处理中', overdue: '已超期', answered: '已答复', withinSla: '期限内答复', disputes: '异议',
  received: '期间收到', days: '天数',
  scriptsTitle: '话术库', state: '状态', version: '版本', usage: '使用次数', filing: '备案号', actions: '操作', submitAct: '提交审核', approve: '批准', reject: '驳回',
  file: '备案', retire: '停用', newScript: '新建话术', exportJson: '导出 JSON', importJson: '导入 JSON', problems: '问题', category: '类别', audience: '对象', automated: '自动',
  reason: '原因', saved: '已保存', id: '编号', variables: '变量（JSON）',
  complaintsTitle: '投诉处理', case: '案件', respond: '答复', debtVerified: '债务已核实（解除异议暂停）', logComplaint: '登记电话投诉', received2: '收到时间',
  campaignsTitle: '外呼/短信批次', name: '名称', day: '日期', planned: '已排期', skipped: '跳过', plan: '生成计划', execute: '执行', sent: '已发送', why: '原因',
  // rule settings
  rulesTitle: '合规规则设置', rulesIntro: '以下为本机构生效的联系规则。可将限制调得更严格，不能放宽；每次修改都记录在下方历史中。', rule: '规则', meaning: '含义', scope: '适用范围',
  value: '当前值', baseValue: '规则集值', source: '来源', fromRuleSet: '规则集', fromTenant: '本机构收紧', fixed: '固定', changeReason: '修改原因', save: '保存修改',
  saveOk: '已保存为新版本', changes: '修改历史', who: '修改人', diff: '变更', noChange: '没有修改', holidays: '法定节假日（COL-12）', holidayName: '名称', add: '添加', remove: '删除',
  yes: '是', no: '否',
  // reachability
  reach: '失联判定（COL-31）', reachable: '可联系：不得联系第三方', unreachable: '已失联：可联系第三方（仅询问联系方式或转告）', markOut: '标记失联', markIncap: '标记无民事行为能力',
  markReason: '标记原因（将记录在案）', clear: '撤销', clearReason: '撤销原因', lineInvalid: '无效', lineFailing: '连续失败', lineOk: '可用', lineUntried: '未尝试', marks: '人工标记',
};
const en: Record<keyof typeof zh, string> = {
  composer: 'Contact composer', channel: 'Channel', target: 'Who', debtor: 'The debtor', thirdParty: 'Third party (ask for contact details / pass a message only)', template: 'Script template', freeText: 'Free text',
  noTemplate: 'No template', text: 'Text', outcome: 'Outcome', record: 'Record contact', allowed: 'Compliance gate: allowed', denied: 'Compliance gate: refused', checking: 'Checking…',
  nextAllowed: 'Next allowed at', recorded: 'Contact recorded', refused: 'Contact refused and logged', history: 'Contact log', when: 'When', decision: 'Decision', rules: 'Rules fired',
  rendered: 'Text to send', hits: 'Banned words', relation: 'Relation', contactId: 'Third-party id', purpose: 'Purpose', locate: 'Ask for contact details', relay: 'Pass a message',
  allow: 'allow', deny: 'deny', none: 'none',
  portalTitle: 'Complaints and disputes', portalIntro: 'If this is not your debt, or you object to how you were contacted, tell us here. Contact stops and we answer within 15 days.',
  notMine: 'This is not my debt (dispute)', complaint: 'Complain about collection conduct', summary: 'Details', submit: 'Submit', submitted: 'Submitted; contact is paused', myItems: 'My complaints and disputes',
  kind: 'Type', status: 'Status', due: 'Answer due', answer: 'Answer',
  dashTitle: 'Compliance dashboard', allowedN: 'Allowed', refusedN: 'Refused', byRule: 'Refusals by rule per day', topRefused: 'Top refused reasons', perCollector: 'Per collector',
  collector: 'User', rate: 'Refusal rate', complaintsSla: 'Complaints and SLA', open: 'Open', overdue: 'Overdue', answered: 'Answered', withinSla: 'Answered within SLA', disputes: 'Disputes',
  received: 'Received in period', days: 'Days',
  scriptsTitle: 'Script library', state: 'State', version: 'Version', usage: 'Uses', filing: 'Filing no.', actions: 'Actions', submitAct: 'Submit', approve: 'Approve', reject: 'Reject',
  file: 'File', retire: 'Retire', newScript: 'New script', exportJson: 'Export JSON', importJson: 'Import JSON', problems: 'Problems', category: 'Category', audience: 'Audience', automated: 'Automated',
  reason: 'Reason', saved: 'Saved', id: 'Id', variables: 'Variables (JSON)',
  complaintsTitle: 'Complaints', case: 'Case', respond: 'Answer', debtVerified: 'Debt verified (lift the dispute hold)', logComplaint: 'Log a phone complaint', received2: 'Received',
  campaignsTitle: 'Campaigns', name: 'Name', day: 'Day', planned: 'Planned', skipped: 'Skipped', plan: 'Plan', execute: 'Execute', sent: 'Sent', why: 'Why',
  rulesTitle: 'Compliance rule settings', rulesIntro: 'The contact rules in force for this agency. Limits may be made stricter, never looser; every change is kept in the history below.', rule: 'Rule', meaning: 'Meaning', scope: 'Scope',
  value: 'Value', baseValue: 'Rule set value', source: 'Source', fromRuleSet: 'rule set', fromTenant: 'tightened here', fixed: 'fixed', changeReason: 'Reason for the change', save: 'Save changes',
  saveOk: 'Saved as a new version', changes: 'Change history', who: 'Changed by', diff: 'Changes', noChange: 'Nothing changed', holidays: 'Statutory holidays (COL-12)', holidayName: 'Name', add: 'Add', remove: 'Remove',
  yes: 'yes', no: 'no',
  reach: 'Reachability (COL-31)', reachable: 'Reachable: third parties may not be contacted', unreachable: 'Unreachable: third parties may be asked for contact details or to pass a message', markOut: 'Mark out of contact', markIncap: 'Mark lacking civil capacity',
  markReason: 'Reason (kept on record)', clear: 'Clear', clearReason: 'Reason for clearing', lineInvalid: 'invalid', lineFailing: 'failing', lineOk: 'ok', lineUntried: 'not tried', marks: 'Staff marks',
};
export const MSG = { zh, en };
export type ComplianceKey = keyof typeof zh;
