// Words of the documents area (zh-CN first, English second).
export const MSG = {
  zh: {
    kinds: '一键生成文书', generate: '生成', notAllowed: '不可用', fieldsTitle: '生成 {title}', missing: '以下必填项无法从案件取得，请补充后生成：',
    allFilled: '所有必填项已从案件数据填好。', format: '格式', filled: '已填字段', docs: '已生成文书', kind: '文书', digest: '摘要 (SHA-256)', leaf: '存证位置',
    created: '生成时间', download: '下载', signature: '签署', signed: '已签署', unsigned: '未签署', notSignable: '—', total: '金额', generated: '已生成并存证',
    templates: '文书模板', template: '模板', version: '版本', source: '来源', shipped: '内置', tenant: '本机构', edit: '编辑', save: '保存为新版本',
    preview: '预览 PDF', restore: '恢复内置版本', versions: '版本历史', jsonInvalid: 'JSON 格式错误：{msg}', saved: '已保存为第 {v} 版', restored: '已恢复内置模板（第 {v} 版）',
    batches: '批量生成', newBatch: '新建批量任务', stage: '案件阶段（可选）', limit: '最多案件数', overrides: '统一补充字段（每行 字段=值）', start: '开始',
    progress: '进度', failed: '失败', status: '状态', zip: '下载 ZIP', queued: '排队中', running: '生成中', finished: '已完成', reason: '原因',
    portalDocs: '待签署文书', view: '查看 PDF', signStart: '签署（发送验证码）', codeSent: '验证码已发送至 {phone}，文书摘要 {digest}', code: '短信验证码', sign: '确认签署',
    signedOk: '已签署，签署记录已存证（第 {leaf} 号）', none: '暂无', any: '全部',
  },
  en: {
    kinds: 'Generate a document', generate: 'Generate', notAllowed: 'Not available', fieldsTitle: 'Generate {title}', missing: 'These required fields could not be taken from the case; type them in:',
    allFilled: 'Every required field is filled from the case.', format: 'Format', filled: 'Filled fields', docs: 'Generated documents', kind: 'Document', digest: 'Digest (SHA-256)', leaf: 'Evidence leaf',
    created: 'Generated', download: 'Download', signature: 'Signature', signed: 'Signed', unsigned: 'Not signed', notSignable: '—', total: 'Amount', generated: 'Generated and logged',
    templates: 'Document templates', template: 'Template', version: 'Version', source: 'Source', shipped: 'Shipped', tenant: 'Ours', edit: 'Edit', save: 'Save as new version',
    preview: 'Preview PDF', restore: 'Restore shipped', versions: 'Version history', jsonInvalid: 'Invalid JSON: {msg}', saved: 'Saved as version {v}', restored: 'Shipped template restored (version {v})',
    batches: 'Batch generation', newBatch: 'New batch', stage: 'Case stage (optional)', limit: 'Max cases', overrides: 'Fields for all cases (one name=value per line)', start: 'Start',
    progress: 'Progress', failed: 'Failed', status: 'Status', zip: 'Download ZIP', queued: 'Queued', running: 'Running', finished: 'Finished', reason: 'Reason',
    portalDocs: 'Documents to sign', view: 'View PDF', signStart: 'Sign (send code)', codeSent: 'Code sent to {phone}; document digest {digest}', code: 'SMS code', sign: 'Sign',
    signedOk: 'Signed; the signature is in the evidence log (leaf {leaf})', none: 'None', any: 'All',
  },
};
