// Words of the risk area (zh-CN first, English second).
import { useLocalT } from '../../i18n';

const zh = {
  models: '风险模型', reviews: '人工复核', registry: '模型版本', version: '版本', kind: '类型', auc: 'AUC', ks: 'KS', gini: 'Gini', dataHash: '数据哈希',
  trainedBy: '训练人', trainedAt: '训练时间', card: '模型卡', champion: '冠军', challenger: '挑战者', deployment: '冠军/挑战者分配',
  challengerShare: '挑战者案件占比 (%)', reason: '理由', save: '保存', confirmDeploy: '确认变更模型分配？新评分将按此分配案件。', none: '无',
  train: '用演示数据训练', trainTitle: '在合成演示数据上训练模型', rows: '样本数', seed: '随机种子', start: '开始', synthetic: '合成数据（仅演示）',
  runs: '后台任务', stage: '阶段', progress: '进度', status: '状态', computeFeatures: '批量计算案件特征', charts: '评估图表', drift: '特征漂移 (PSI)',
  roc: 'ROC 曲线', ksCurve: 'KS 曲线', calibration: '校准', importance: '特征重要性', population: '人群占比', bad: '坏客户累计', good: '好客户累计',
  predicted: '预测违约率', observed: '实际违约率', noCharts: '该版本没有存储图表（例如通过命令行注册）。', noDrift: '尚无案件特征：请先批量计算特征或评估案件。',
  currentRows: '当前样本', referenceRows: '训练参考样本', worst: '最差状态', stable: '稳定', moderate: '中度偏移', significant: '显著偏移', expected: '训练分布', actual: '当前分布',
  pickModel: '选择模型版本查看图表与漂移', holdout: '留出集',
  scoredAt: '评分时间', score: '风险评分', pd: '违约概率', band: '风险等级', low: '低', medium: '中', high: '高', very_high: '很高', modelUsed: '使用模型', arm: '分组',
  reasonsUp: '提高风险的因素', reasonsDown: '降低风险的因素', plan: '催收方案建议', assess: '评分并生成方案', reassess: '重新评估', noModel: '尚未部署模型：请风险管理员训练并设为冠军。',
  notAssessed: '该案件尚未评分。', channelSeq: '渠道顺序与频次', day: '第几天', channel: '渠道', attempts: '次数', hours: '时段', purpose: '目的',
  caps: '合规上限', settlement: '和解报价区间', discount: '减免', recommendations: '建议', explanation: '说明', accept: '接受方案', reject: '拒绝方案',
  rejectNote: '拒绝理由', acceptNote: '备注（可选）', decided: '已处理', proposed: '待人工确认', accepted: '已接受', rejected: '已拒绝', by: '处理人',
  humanReview: '自动化决策说明：本方案由模型生成，须经人工确认后使用；债务人可要求说明并申请人工复核（个人信息保护法第24条，COL-85）。',
  openReviews: '待复核申请', bankStatements: '银行流水', importStatement: '导入银行流水 CSV', imported: '已导入 {n} 条交易', policyDefault: '委托方未设置减免上限，使用默认 30%',
  caseId: '案件', requester: '申请人', resolve: '处理', resolution: '复核结论与说明', resolved: '已处理复核申请', emptyReviews: '没有待处理的复核申请',
  debtor: '债务人', staff: '员工', trainStarted: '训练任务已开始', saved: '已保存', points: '评分卡分数', balance: '余额', dpd: '逾期天数', reach: '接通率',
  mediation: '建议调解', legal_action: '建议诉讼', no_legal_action: '不建议诉讼', reminder: '提醒', payment_plan: '分期方案', settlement_offer: '和解报价',
  hardship_review: '困难审查', contact_tracing: '失联修复',
};
const en: Record<keyof typeof zh, string> = {
  models: 'Risk models', reviews: 'Human review', registry: 'Model versions', version: 'Version', kind: 'Kind', auc: 'AUC', ks: 'KS', gini: 'Gini', dataHash: 'Data hash',
  trainedBy: 'Trained by', trainedAt: 'Trained at', card: 'Model card', champion: 'Champion', challenger: 'Challenger', deployment: 'Champion / challenger',
  challengerShare: 'Challenger share of cases (%)', reason: 'Reason', save: 'Save', confirmDeploy: 'Change the model assignment? New scores will use it.', none: 'None',
  train: 'Train on demo data', trainTitle: 'Train a model on the synthetic demo data', rows: 'Rows', seed: 'Seed', start: 'Start', synthetic: 'Synthetic data (demo only)',
  runs: 'Background runs', stage: 'Stage', progress: 'Progress', status: 'Status', computeFeatures: 'Compute features of all cases', charts: 'Evaluation charts', drift: 'Feature drift (PSI)',
  roc: 'ROC curve', ksCurve: 'KS curves', calibration: 'Calibration', importance: 'Feature importance', population: 'Population share', bad: 'Cumulative bads', good: 'Cumulative goods',
  predicted: 'Predicted default rate', observed: 'Observed default rate', noCharts: 'No charts are stored for this version (e.g. registered from the CLI).', noDrift: 'No case features yet: compute features in batch or assess a case first.',
  currentRows: 'Current rows', referenceRows: 'Training reference rows', worst: 'Worst status', stable: 'Stable', moderate: 'Moderate shift', significant: 'Significant shift', expected: 'Training', actual: 'Current',
  pickModel: 'Pick a model version to see its charts and drift', holdout: 'Hold-out',
  scoredAt: 'Scored at', score: 'Risk score', pd: 'Default probability', band: 'Band', low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high', modelUsed: 'Model', arm: 'Arm',
  reasonsUp: 'Factors raising the risk', reasonsDown: 'Factors lowering the risk', plan: 'Proposed collection plan', assess: 'Score and propose a plan', reassess: 'Assess again', noModel: 'No model is deployed: a risk admin must train one and set it as champion.',
  notAssessed: 'This case has not been scored yet.', channelSeq: 'Channel sequence and cadence', day: 'Day', channel: 'Channel', attempts: 'Attempts', hours: 'Hours', purpose: 'Purpose',
  caps: 'Compliance caps', settlement: 'Settlement-offer range', discount: 'discount', recommendations: 'Recommendations', explanation: 'Explanation', accept: 'Accept plan', reject: 'Reject plan',
  rejectNote: 'Reason for rejecting', acceptNote: 'Note (optional)', decided: 'Decided', proposed: 'Awaiting a person', accepted: 'Accepted', rejected: 'Rejected', by: 'By',
  humanReview: 'Automated decision: this plan was proposed by a model and must be confirmed by a person; the debtor may ask for an explanation and a human review (PIPL art 24, COL-85).',
  openReviews: 'Open review requests', bankStatements: 'Bank statements', importStatement: 'Import bank statement CSV', imported: '{n} transactions imported', policyDefault: 'The creditor has no discount floor set; the default 30 % applies',
  caseId: 'Case', requester: 'Requester', resolve: 'Resolve', resolution: 'Decision and explanation', resolved: 'Review request resolved', emptyReviews: 'No open review requests',
  debtor: 'Debtor', staff: 'Staff', trainStarted: 'Training started', saved: 'Saved', points: 'Scorecard points', balance: 'Balance', dpd: 'Days past due', reach: 'Reach rate',
  mediation: 'Mediation', legal_action: 'Legal action', no_legal_action: 'No legal action', reminder: 'Reminders', payment_plan: 'Payment plan', settlement_offer: 'Settlement offer',
  hardship_review: 'Hardship review', contact_tracing: 'Contact tracing',
};

export type RiskKey = keyof typeof zh;
const MSG = { zh, en };
export const useRiskT = () => useLocalT(MSG);
