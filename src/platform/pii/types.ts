// Shared types of the PII library (PI-05, PI-08, PI-20 §7.2, PI-22).

/** Every kind of personal (or entity) data the detectors find and the policy table covers. */
export const PII_TYPES = [
  'id_card', // 居民身份证号 (GB 11643)
  'mobile', // 手机号
  'landline', // 固定电话
  'bank_card', // 银行卡号 (sensitive, PI-05)
  'uscc', // 统一社会信用代码 (GB 32100): an entity identifier, listed so exports and masks can cover it
  'email',
  'plate', // 机动车号牌 (incl. new-energy)
  'name', // 姓名
  'address', // 住址
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** Human labels (zh) used in CLI output and hidden placeholders. */
export const PII_LABELS: Record<PiiType, string> = {
  id_card: '身份证号',
  mobile: '手机号',
  landline: '固定电话',
  bank_card: '银行卡号',
  uscc: '统一社会信用代码',
  email: '电子邮箱',
  plate: '车牌号',
  name: '姓名',
  address: '地址',
};

/** One detected item. `start`/`end` are UTF-16 offsets into the ORIGINAL text (end exclusive). */
export interface Finding {
  type: PiiType;
  start: number;
  end: number;
  text: string;
  /** 0..1; checksum-validated identifiers score high, cue-less names/addresses lower. */
  confidence: number;
}
