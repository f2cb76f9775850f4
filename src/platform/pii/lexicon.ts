// Word lists the detectors and the corpus generator share. Kept small and explicit: this is a heuristic aid for
// names/addresses, not a gazetteer (see docs/privacy.md for the stated precision/recall bars).

/** About 300 common single-character surnames, most frequent first (rank is used to break ties). */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';

/** Two-character surnames (checked before single ones). */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '端木', '西门', '南宫', '独孤', '呼延', '万俟', '闻人', '澹台', '公冶', '宗政', '濮阳', '太史', '申屠',
  '钟离',
];

const SURNAME_RANK = new Map<string, number>();
for (let i = 0; i < SURNAMES.length; i++) if (!SURNAME_RANK.has(SURNAMES[i])) SURNAME_RANK.set(SURNAMES[i], i);
COMPOUND_SURNAMES.forEach((s) => SURNAME_RANK.set(s, 150));
const COMPOUND_SET = new Set(COMPOUND_SURNAMES);

/** Length of the surname at the start of `name` (2 for compound, 1 for single), or 0 when none is known. */
export function surnameLength(name: string): number {
  if (name.length >= 3 && COMPOUND_SET.has(name.slice(0, 2))) return 2;
  return SURNAME_RANK.has(name[0]) ? 1 : 0;
}

/** Frequency rank of the surname starting `name` (lower = more common), or Infinity. */
export function surnameRank(name: string): number {
  const two = name.slice(0, 2);
  if (name.length >= 3 && COMPOUND_SET.has(two)) return SURNAME_RANK.get(two)!;
  return SURNAME_RANK.get(name[0]) ?? Infinity;
}

/** Words that introduce a person's name (姓名：张三, 借款人张三). */
export const NAME_CUES = [
  '姓名', '借款人', '债务人', '出借人', '债权人', '担保人', '保证人', '联系人', '紧急联系人', '申请人', '被申请人',
  '原告', '被告', '第三人', '法定代表人', '负责人', '委托代理人', '代理人', '收件人', '寄件人', '户名', '持卡人',
  '开户名', '客户', '催收员', '调解员', '配偶', '共同借款人', '承诺人', '签收人', '经办人',
];
/** Titles and words that follow a name (张三先生, 张三名下的银行卡). */
export const NAME_TITLES = ['先生', '女士', '小姐', '名下'];

/**
 * Characters that end a name read after a cue: function words and verbs that rarely occur as given-name characters.
 * (A name after 借款人 is 2–3 characters; the third is dropped when it is one of these.)
 */
export const NAME_STOP = new Set(
  '的了是在于与和及或向对从把被将为因欠借还已未应当该其等共现身电手住地户性男女年月日出联签确承同逾尚仍拒至今请后前已经称系即于并又也都不没无有自某名号证码卡址区市省县'.split(''),
);

/** Words that introduce an address. */
export const ADDRESS_CUES = [
  '家庭住址', '户籍地址', '户籍地', '现住址', '现住', '住址', '地址', '住所地', '住所', '居住地', '经常居住地', '家住',
  '送达地址', '通讯地址', '联系地址', '工作单位地址', '单位地址', '收货地址',
];

/** Province-level names (short form) and their official suffixes. */
export const PROVINCES: Array<[short: string, suffix: string]> = [
  ['北京', '市'], ['天津', '市'], ['上海', '市'], ['重庆', '市'], ['河北', '省'], ['山西', '省'], ['辽宁', '省'],
  ['吉林', '省'], ['黑龙江', '省'], ['江苏', '省'], ['浙江', '省'], ['安徽', '省'], ['福建', '省'], ['江西', '省'],
  ['山东', '省'], ['河南', '省'], ['湖北', '省'], ['湖南', '省'], ['广东', '省'], ['海南', '省'], ['四川', '省'],
  ['贵州', '省'], ['云南', '省'], ['陕西', '省'], ['甘肃', '省'], ['青海', '省'], ['台湾', '省'],
  ['内蒙古', '自治区'], ['广西', '壮族自治区'], ['西藏', '自治区'], ['宁夏', '回族自治区'], ['新疆', '维吾尔自治区'],
  ['香港', '特别行政区'], ['澳门', '特别行政区'],
];
export const MUNICIPALITIES = new Set(['北京', '天津', '上海', '重庆']);

/** Street-level component suffixes (longest first so the alternation prefers them). */
export const STREET_SUFFIXES = [
  '街道', '大道', '胡同', '社区', '小区', '花园', '大厦', '广场', '公寓', '号院', '号楼', '单元', '新村', '路', '街',
  '巷', '弄', '镇', '乡', '村', '组', '号', '栋', '幢', '座', '楼', '层', '室', '户', '苑', '园', '庄', '屯',
];

/** Words after which an "address" is really an institution (court, company, government office): not personal. */
export const INSTITUTION_WORDS = [
  '人民法院', '法院', '法庭', '检察院', '公安', '派出所', '人民政府', '政府', '委员会', '有限公司', '有限责任公司',
  '股份', '集团', '公司', '银行', '支行', '分行', '仲裁', '税务局', '司法局', '监督管理局', '律师事务所', '事务所',
];

/** Context words that make a number an order/serial/case number rather than personal data. */
export const NUMBER_DECOY_CUES = ['订单', '单号', '流水', '编号', '交易号', '合同号', '案号', '批次', '工单', '快递', '运单', '序列号', '凭证号', '发票'];
/** Context words that make a long number a bank card. */
export const CARD_CUES = ['卡号', '银行卡', '账号', '帐号', '储蓄卡', '信用卡', '借记卡', '还款账户', '收款账户', '开户行', '账户'];
/** Context words for phone numbers. */
export const PHONE_CUES = ['手机', '电话', '联系方式', '致电', '来电', '号码', '微信', 'Tel', 'tel', 'TEL', '短信'];
/** Context words for ID numbers. */
export const ID_CUES = ['身份证', '证件号', '公民身份号码', '身份号码', '证件'];

/** Ordinary words that begin with a surname character; a cue followed by one of them is not a name. */
export const SURNAME_WORDS = new Set(
  ('周末 周一 周二 周三 周四 周五 周六 周日 周期 周转 黄金 高度 高级 高额 高利 方向 方面 方式 方案 方便 安全 安排 安置 文件 文书 '
    + '明天 明确 明细 时间 时候 万元 和解 全部 全额 于是 向其 成功 成本 应该 应当 江湖 金额 金融 石油 田地 马上 朱红 常年 常住 '
    + '平时 平台 任何 任务 关于 关系 关注 程序 程度 管理 司法 东西 单位 单独 尚未 尚欠 解决 解除 曾经 邮寄 邮件 车辆 车主 华南 '
    + '华北 林业 农业 商业 商户 项目 连续 连带 景区 贾家 宁可 申请 申报 包括 包含 牛市 史上 龙头 章程 符合 康复 温馨 易于 齐全 '
    + '庞大 严重 严格 毛利 钱款 孔子 卫生 米面 柏油 宗教 季度 和平 伍佰 左右 柯桥 苗木 谷歌 盛大 曲线 游戏 辛苦 管辖 柴油 蒙古 '
    + '房屋 房产 房贷 艾滋 时效 司机 古代 古董 吉祥 简单 简易 项下 麦当 窦性 岑溪 景色 党员 费用 冷静 席位 卫星 宗旨 师傅 '
    + '商量 沙发 荣誉 桑拿 甄别 仲裁 明显 明日 池州 查询 查封 查明 麻烦 苑区 迟延 迟到 边境 连续 全国 全面 应急 成立 成为 '
    + '于此 向您 向你 和您 和你 夏季 秦皇 尤其 阳光 方可 高于 低于').split(/\s+/),
);
