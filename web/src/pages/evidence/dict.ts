// Words of the evidence area, zh-CN first.
export const MSG = {
  zh: {
    title: '存证', head: '日志头', origin: '日志标识', hash: '哈希算法', size: '叶子数', root: '根哈希', checkpoints: '签名检查点',
    issueNow: '立即签发检查点', anchorNow: '提交外部锚定', audit: '运行完整审计', auditClean: '审计通过：未发现篡改、缺失或乱序',
    auditFindings: '审计发现问题', vkey: '验证公钥下载', witnesses: '见证签名', anchors: '锚定回执', none: '无', issuedAt: '签发时间',
    exportTitle: '导出证据包', exportCase: '按案件导出', exportLeaves: '按条目导出（叶子序号，逗号分隔）', download: '下载证据包',
    items: '存证条目', leaf: '叶子序号', type: '事件类型', digest: '叶子哈希', included: '已纳入检查点', witnessed: '已见证', anchored: '已锚定',
    yes: '是', no: '否', checkProof: '校验包含证明', proofOk: '包含证明校验通过（检查点 {size}）', proofBad: '包含证明校验失败',
    proofSm3: 'SM3 日志请使用命令行离线校验', casePackage: '下载本案证据包', recordedAt: '记录时间', noItems: '本案暂无存证条目',
    notConfigured: '未配置外部锚定服务', checked: '已检查 {leaves} 个叶子、{nodes} 个节点、{cps} 个检查点', caseId: '案件编号',
  },
  en: {
    title: 'Evidence', head: 'Log head', origin: 'Origin', hash: 'Hash', size: 'Leaves', root: 'Root hash', checkpoints: 'Signed checkpoints',
    issueNow: 'Issue checkpoint now', anchorNow: 'Anchor externally', audit: 'Run full audit', auditClean: 'Audit clean: no altered, missing or reordered rows',
    auditFindings: 'Audit findings', vkey: 'Download verifier keys', witnesses: 'Witness cosignatures', anchors: 'Anchor receipts', none: 'none', issuedAt: 'Issued',
    exportTitle: 'Export an evidence package', exportCase: 'By case', exportLeaves: 'By items (leaf indices, comma-separated)', download: 'Download package',
    items: 'Evidence items', leaf: 'Leaf', type: 'Event type', digest: 'Leaf hash', included: 'In checkpoint', witnessed: 'Witnessed', anchored: 'Anchored',
    yes: 'yes', no: 'no', checkProof: 'Check inclusion proof', proofOk: 'Inclusion proof verified (checkpoint {size})', proofBad: 'Inclusion proof FAILED',
    proofSm3: 'SM3 logs: verify offline with the CLI', casePackage: 'Download this case’s evidence package', recordedAt: 'Recorded', noItems: 'No evidence items for this case yet',
    notConfigured: 'No external anchor configured', checked: 'Checked {leaves} leaves, {nodes} nodes, {cps} checkpoints', caseId: 'Case ID',
  },
};
