// Words for the CALC-02 limitation card, payment undo on the timeline and the SLA board lists (zh-CN first).
import { useLocalT } from '../../i18n';

const zh = {
  limitationTitle: '诉讼时效（CALC-02）', state_running: '进行中', state_interrupted: '已中断（重新起算）', state_expired: '已届满', state_waived_by_ack: '届满后经承认（抗辩放弃）',
  expiresOn: '届满日', runsFrom: '起算日', knewOn: '知道权利受损之日', longStopOn: '最长时效（20 年）', daysLeft: '剩余 {n} 天', events: '计算依据',
  noEvents: '无中断事件：自到期次日起算三年', recordEvent: '记录时效事件', eventType: '事件', eventOn: '发生日期', eventNote: '备注 / 送达凭证（如 EMS 单号）',
  recorded: '已记录，时效已重新计算', source_recorded: '人工记录', source_payment: '还款', source_debt_record: '委托资料',
  effect_restarted: '中断，重新起算', effect_waived: '届满后承认/还款', effect_ignored_after_expiry: '届满后，不产生中断', effect_before_start: '起算前，不计', effect_after_as_of: '晚于计算日',
  ev_demand_delivered: '催收通知已送达', ev_debtor_agreed: '债务人同意履行 / 承认', ev_partial_payment: '部分还款', ev_suit_filed: '提起诉讼',
  ev_arbitration_filed: '申请仲裁', ev_payment_order_applied: '申请支付令', ev_preservation_applied: '申请诉前保全', ev_enforcement_applied: '申请强制执行',
  ev_mediation_requested: '申请调解', ev_assignment_notice_delivered: '债权转让通知已送达',
  expiredWarning: '时效已届满：债务人可拒绝履行（民法典第192条）。不得暗示仍可胜诉，不得施压取得承认（COL-92）。',
  tl_limitation: '时效事件：{type}（{on}）', tl_unrecorded: '还款撤回 {amount}：{reason}',
  atRiskCases: '临近超时案件（24 小时内到期）', breachedCases: '已超时案件（尚无首次处置）', hoursLeft: '剩余（小时）', overdue: '已超时 {h} 小时', dueAt: '截止时间',
  breachedMore: '共 {n} 件，显示前 {m} 件',
};
type Key = keyof typeof zh;

const en: Record<Key, string> = {
  limitationTitle: 'Limitation (CALC-02)', state_running: 'Running', state_interrupted: 'Interrupted (restarted)', state_expired: 'Expired', state_waived_by_ack: 'Waived by acknowledgment',
  expiresOn: 'Expires on', runsFrom: 'Runs from', knewOn: 'Creditor knew on', longStopOn: 'Long-stop (20 years)', daysLeft: '{n} days left', events: 'Computed from',
  noEvents: 'No interrupting event: three years from the day after the due date', recordEvent: 'Record a limitation event', eventType: 'Event', eventOn: 'Date', eventNote: 'Note / proof of delivery (e.g. EMS number)',
  recorded: 'Recorded; the limitation status was recomputed', source_recorded: 'Recorded', source_payment: 'Payment', source_debt_record: 'Placement data',
  effect_restarted: 'Restarted the clock', effect_waived: 'Acknowledged after expiry', effect_ignored_after_expiry: 'After expiry: no effect', effect_before_start: 'Before the period: not counted', effect_after_as_of: 'After the reading date',
  ev_demand_delivered: 'Demand delivered', ev_debtor_agreed: 'Debtor agreed / acknowledged', ev_partial_payment: 'Part payment', ev_suit_filed: 'Suit filed',
  ev_arbitration_filed: 'Arbitration filed', ev_payment_order_applied: 'Payment order applied for', ev_preservation_applied: 'Pre-suit preservation applied for', ev_enforcement_applied: 'Enforcement applied for',
  ev_mediation_requested: 'Mediation requested', ev_assignment_notice_delivered: 'Assignment notice delivered',
  expiredWarning: 'Time-barred: the debtor may refuse to pay (Civil Code art 192). Never imply it can still be won in court, never press for an acknowledgment (COL-92).',
  tl_limitation: 'Limitation event: {type} ({on})', tl_unrecorded: 'Payment taken back {amount}: {reason}',
  atRiskCases: 'At risk (due within 24 h)', breachedCases: 'Breached (no first action yet)', hoursLeft: 'Hours left', overdue: '{h} h overdue', dueAt: 'Due at',
  breachedMore: '{n} in all, first {m} shown',
};

export const LIMITATION_DICT = { zh, en };
export type LimitationKey = Key;
export const useLimitationT = () => useLocalT(LIMITATION_DICT);
