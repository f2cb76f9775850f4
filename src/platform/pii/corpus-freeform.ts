// Labelled corpus of FREE-FORM text (collectors' notes, call transcripts, complaints): names without cue words,
// identifiers as people type them, addresses as people write them, and look-alike decoys (brands and places that
// begin with a surname, ordinary words that begin with a surname character, mistyped cards, order numbers).
//
// Written before the detector was tuned and kept apart from its word lists: the name pools, surnames, cities and
// streets here are this file's own. Two splits with disjoint pools: `tune` (used while tuning) and `heldout`
// (different surnames, given names, cities and streets; only scored). Hand-written texts live in corpus-hand.ts.
import { residentIdCheckChar } from '../cn-ids.js';
import { genCard, genEmail, genMobile, genPlate, seededRandom, type Corpus, type Label } from './corpus.js';
import type { PiiType } from './types.js';

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');

export type Split = 'tune' | 'heldout';

interface Pools {
  surnames: string[];
  compound: string[];
  given: string[];
  /** Romanised full names as English text writes them (surname first, or given name first). */
  roman: string[];
  /** [city, district or '' , region code] without the province, as people write them. */
  cities: Array<[string, string, string]>;
  streets: string[];
  estates: string[];
}

const POOLS: Record<Split, Pools> = {
  tune: {
    surnames: [...'王张陈黄吴徐马胡何林郑谢唐韩曹邓彭肖董潘蒋余叶苏吕任姚姜钟陆范石贾韦方邹熊秦江薛段侯龙陶贺毛龚万钱严武莫孔汤温施樊邢齐乔颜庄章岳殷申耿兰俞柳祝宁符阮纪童毕季霍成谷曲冉蓝游靳柴鲍祁房屈解艾阳穆司古缪车连麦娄戚景宫卜晏卫柏桂应闵邬卞师仇隋刁荣寇郎丛虞巩佘查苑邝'],
    compound: ['欧阳', '司马', '上官', '诸葛', '皇甫', '慕容', '令狐', '司徒'],
    given: ['伟', '芳', '秀英', '敏', '静', '强', '磊', '洋', '艳', '杰', '涛', '超', '霞', '刚', '桂英', '建华', '玉兰', '志强', '海燕', '鹏', '浩', '欣', '婷', '晨', '子涵', '梓轩', '一诺', '思雨', '佳怡', '国强', '晓东', '春梅', '立新', '振华', '晓月', '国庆', '丹', '凯', '斌', '慧', '文杰', '雨欣', '俊杰', '晓燕', '红梅', '建军', '丽娟', '金凤', '永刚', '德明', '淑珍', '宏伟', '若曦', '浩然', '嘉豪', '诗涵', '家乐', '卫东', '秋菊', '美玲', '少华', '志伟', '晓峰', '翠花', '丽萍', '长江'],
    roman: ['Zhang Wei', 'Wang Fang', 'Chen Jie', 'Huang Lei', 'Ouyang Nana', 'Xu Tao', 'Lin Xiaodong', 'Ma Chao', 'Zhou Xin', 'He Jianhua', 'Guo Jing', 'Tang Yan', 'Sima Yi', 'Shangguan Wan', 'Deng Haiyan', 'Feng Zihan', 'Peng Yinuo', 'Jiang Siyu'],
    cities: [['义乌市', '', '330782'], ['金华市', '婺城区', '330702'], ['杭州市', '西湖区', '330106'], ['宁波市', '鄞州区', '330212'], ['温州市', '鹿城区', '330302'], ['瑞安市', '', '330381'], ['慈溪市', '', '330282'], ['深圳市', '南山区', '440305'], ['广州市', '天河区', '440106'], ['东莞市', '', '441900'], ['佛山市', '南海区', '440605'], ['成都市', '武侯区', '510107'], ['武汉市', '洪山区', '420111'], ['长沙市', '岳麓区', '430104'], ['郑州市', '金水区', '410105'], ['济南市', '历下区', '370102'], ['昆山市', '', '320583'], ['晋江市', '', '350582'], ['南京市', '鼓楼区', '320106'], ['苏州市', '姑苏区', '320508']],
    streets: ['人民路', '解放路', '中山路', '工人北路', '宾虹路', '文三路', '江南大道', '凤凰路', '学府路', '建设西路', '稠州北路', '新华街', '环城南路', '五一路'],
    estates: ['阳光小区', '锦绣花园', '金色家园', '绿城公寓', '怡景花园', '翠苑一区', '新城国际', '丽水湾', '江南名府', '和平里'],
  },
  heldout: {
    surnames: [...'李刘杨赵周孙朱郭高罗梁宋许冯袁蔡程魏丁沈卢崔谭廖夏付白孟邱尹闫雷史黎顾郝邵覃戴向常康文牛葛安伍庞倪聂鲁翟詹欧关焦左甘包尚舒柯梅凌单裴涂苗盛翁骆辛管蒙华喻蒲饶尤卓吉简项芦褚窦岑党费冷席米宗瞿全佟臧苟边姬栾商沙巫桑甄仲敖明池麻迟'],
    compound: ['东方', '尉迟', '公孙', '长孙', '宇文', '夏侯', '端木', '南宫', '钟离'],
    given: ['娜', '丽', '军', '勇', '娟', '明', '秀兰', '平', '文', '华', '红', '俊', '宇', '雪', '建国', '小红', '志成', '建新', '琳', '辉', '梦瑶', '欣怡', '宇航', '子轩', '雅婷', '博文', '晓丽', '玉梅', '海涛', '国华', '建平', '秀珍', '桂兰', '兰英', '福生', '永红', '鑫', '颖', '琦', '昊天', '紫萱', '明轩', '语桐', '雨泽', '佩琪', '少伟', '海波', '东升', '月娥', '春燕', '金宝', '铁柱', '爱民', '卫红', '翠兰', '学军', '立伟', '晓光'],
    roman: ['Li Na', 'Liu Yang', 'Zhao Lei', 'Sun Li', 'Zhu Hong', 'Gao Ming', 'Luo Jun', 'Song Yu', 'Dongfang Hong', 'Yuchi Gong', 'Xu Jianguo', 'Cai Wenjun', 'Wei Xiaoli', 'Shen Bowen', 'Cui Yating', 'Liang Haitao', 'Bai Xue', 'Meng Yao'],
    cities: [['嘉兴市', '南湖区', '330402'], ['绍兴市', '越城区', '330602'], ['台州市', '椒江区', '331002'], ['诸暨市', '', '330681'], ['余姚市', '', '330281'], ['珠海市', '香洲区', '440402'], ['中山市', '', '442000'], ['惠州市', '惠城区', '441302'], ['西安市', '雁塔区', '610113'], ['合肥市', '蜀山区', '340104'], ['南昌市', '东湖区', '360102'], ['贵阳市', '云岩区', '520103'], ['张家港市', '', '320582'], ['常熟市', '', '320581'], ['石狮市', '', '350581'], ['厦门市', '思明区', '350203'], ['无锡市', '梁溪区', '320213'], ['徐州市', '鼓楼区', '320302'], ['洛阳市', '老城区', '410302'], ['青岛市', '市南区', '370202']],
    streets: ['东风路', '胜利路', '青年路', '府前街', '银泰路', '长安北路', '滨海大道', '迎宾路', '朝阳路', '光明街', '延安中路', '北京路', '光华路', '金山大道'],
    estates: ['翡翠城', '碧桂园', '万科城', '春江花月', '康乐小区', '桃源新村', '御景湾', '世纪花园', '枫林苑', '幸福家园'],
  },
};

/** Look-alikes: brands, companies, parks, places and ordinary words that begin with a surname character. */
const BRANDS = ['周大福', '李宁', '周生生', '王老吉', '老凤祥', '张小泉', '杨国福', '陈克明', '马应龙', '黄飞红', '曹操出行', '海底捞', '钱大妈', '苏宁易购', '方正证券', '金六福', '孔府家酒', '高德地图', '蒋记烧鸡'];
const PARKS = ['张江高科技园区', '漕河泾开发区', '金桥开发区', '江宁经济开发区', '高新技术产业开发区', '苏州工业园区'];
const PLACES = ['张家界', '王府井', '李家沱', '马鞍山', '石家庄', '周口', '安阳', '常州', '江阴', '黄山', '贺州', '金华', '高邮', '温岭', '龙岩', '许昌', '潘家园', '曹家渡', '石景山', '徐家汇'];
const WORDS = ['高兴', '王国', '张开', '黄金', '周末', '安全', '方便', '林业', '高速', '马上', '明白', '平安', '常常', '向前', '于是', '白天', '时间', '关键', '程序', '全部', '江湖', '金额', '陆续', '方式', '宋体', '严重', '温度', '文件', '包括', '成功', '连续', '邓氏', '曾经', '余额', '史上', '龙头', '房租', '车费', '毛病', '古怪', '祝贺', '康复', '任何', '齐全', '卫生', '钟头', '夏天', '许多', '魏碑', '梁上'];

type Piece = string | { type: PiiType; text: string };

function residentId(r: Rng, code: string): string {
  const body = `${code}${int(r, 1960, 2003)}${String(int(r, 1, 12)).padStart(2, '0')}${String(int(r, 1, 28)).padStart(2, '0')}${digits(r, 3)}`;
  return body + residentIdCheckChar(body);
}

/** A Chinese name from the split's pools: 2 chars, 3 chars, or a compound surname. */
function name(r: Rng, p: Pools): string {
  if (r() < 0.12) return pick(r, p.compound) + pick(r, p.given);
  return pick(r, p.surnames) + pick(r, p.given);
}

function mobileTyped(r: Rng): string {
  const m = genMobile(r);
  const [a, b, c] = [m.slice(0, 3), m.slice(3, 7), m.slice(7)];
  return pick(r, [m, `${a} ${b} ${c}`, `${a}-${b}-${c}`, `+86 ${m}`, `+86 ${a} ${b} ${c}`, `+86-${a}-${b}-${c}`, `+86${m}`, `0086 ${m}`, `86-${m}`, `(+86) ${a} ${b} ${c}`]);
}

function landlineTyped(r: Rng): string {
  const area = pick(r, ['010', '021', '020', '0571', '0579', '0755', '0574', '028', '027', '0512']);
  const n = String(int(r, 2, 8)) + digits(r, area.length === 3 ? 7 : pick(r, [6, 7]));
  const h = Math.ceil(n.length / 2);
  return pick(r, [`${area}-${n}`, `${area} ${n}`, `(${area})${n}`, `（${area}）${n}`, `${area}-${n.slice(0, h)}-${n.slice(h)}`, `${area} ${n.slice(0, 4)} ${n.slice(4)}`, `${area}${n}`, `+86 ${area.slice(1)} ${n}`, `(${area}) ${n.slice(0, 4)}-${n.slice(4)}`]);
}

function idTyped(r: Rng, p: Pools): string {
  const id = residentId(r, pick(r, p.cities)[2]);
  const k = r();
  if (k < 0.3) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  if (k < 0.45) return `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`;
  if (k < 0.6) return `${id.slice(0, 6)} ${id.slice(6, 10)} ${id.slice(10, 14)} ${id.slice(14)}`;
  if (k < 0.8) return id.toLowerCase();
  return id;
}

function cardTyped(r: Rng): string {
  const c = genCard(r);
  const k = r();
  if (k < 0.5) return c.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (k < 0.7) return c.replace(/(\d{4})(?=\d)/g, '$1-');
  return c;
}

/** An address as people write it: no province, from the city (or county-level city) down to the door. */
function address(r: Rng, p: Pools): string {
  const [city, district] = pick(r, p.cities);
  let s = city + district;
  if (!district && r() < 0.5) s += pick(r, ['稠城街道', '北苑街道', '城东街道', '江东街道']);
  const k = r();
  if (k < 0.4) s += `${pick(r, p.streets)}${int(r, 1, 999)}号${pick(r, p.estates)}${int(r, 1, 40)}幢${int(r, 1, 5)}单元${int(r, 1, 30)}0${int(r, 1, 4)}室`;
  else if (k < 0.65) s += `${pick(r, p.streets)}${int(r, 1, 800)}弄${int(r, 1, 120)}号${r() < 0.6 ? `${int(r, 1, 20)}0${int(r, 1, 4)}室` : ''}`;
  else if (k < 0.85) s += `${pick(r, p.estates)}${int(r, 1, 30)}栋${int(r, 1, 33)}0${int(r, 1, 6)}室`;
  else s += `${pick(r, p.streets)}${int(r, 1, 999)}号`;
  return s;
}

function sentence(r: Rng, p: Pools): Piece[] {
  const n = () => ({ type: 'name' as const, text: name(r, p) });
  const ro = () => ({ type: 'name' as const, text: pick(r, p.roman) });
  const mob = () => ({ type: 'mobile' as const, text: mobileTyped(r) });
  const tel = () => ({ type: 'landline' as const, text: landlineTyped(r) });
  const id = () => ({ type: 'id_card' as const, text: idTyped(r, p) });
  const card = () => ({ type: 'bank_card' as const, text: cardTyped(r) });
  const addr = () => ({ type: 'address' as const, text: address(r, p) });
  switch (int(r, 0, 47)) {
    // names without cue words
    case 0: return ['刚和', n(), '通完电话，对方说月底前还一部分。'];
    case 1: return ['下午去公司找', n(), '，前台说人不在。'];
    case 2: return [n(), '表示愿意分期，每月还两千。'];
    case 3: return ['今天上午', n(), '主动打来电话，情绪比较激动。'];
    case 4: return ['已告知', n(), '逾期后果，', n(), '称会转告家人。'];
    case 5: return [n(), '的母亲接的电话，说', n(), '外出打工了。'];
    case 6: return ['催收员', n(), '跟进，', n(), '承诺周五前回复。'];
    case 7: return ['据同事', n(), '反映，', n(), '已经离职三个月。'];
    case 8: return ['和', n(), '约好明天见面谈还款方案。'];
    case 9: return [n(), '说', pick(r, ['手头紧', '工资还没发', '在医院陪护', '生意亏了']), '，请求延期。'];
    case 10: return ['第三次联系', n(), '未果，短信已发送。'];
    case 11: return ['转账人为', n(), '，备注"代还"。'];
    // romanised names in English text
    case 12: return ['Called ', ro(), ' at 10:30; no answer.'];
    case 13: return [ro(), ' agreed to pay 2,000 yuan on Friday.'];
    case 14: return ['Spoke with ', ro(), ', who asked for an installment plan.'];
    case 15: return ['Visit to ', ro(), "'s office postponed; ", ro(), ' was travelling.'];
    // identifiers as typed
    case 16: return ['他给的新号码是', mob(), '，之前那个停机了。'];
    case 17: return ['回拨', mob(), '无人接听。'];
    case 18: return ['Mobile ', mob(), ', please call after 6pm.'];
    case 19: return ['单位电话', tel(), '，找人事部。'];
    case 20: return ['打了', tel(), '，是他家里座机。'];
    case 21: return ['身份证', id(), '，已核对本人。'];
    case 22: return ['客户报的证件号', id(), '与系统一致。'];
    case 23: return ['让他把钱打到', card(), '这张卡上。'];
    case 24: return ['还款卡', card(), '，中国银行。'];
    case 25: return ['邮箱', { type: 'email', text: genEmail(r) }, '，车牌', { type: 'plate', text: genPlate(r) }, '。'];
    // addresses as written
    case 26: return ['他现在住', addr(), '，房子是租的。'];
    case 27: return ['上门地址：', addr(), '。'];
    case 28: return ['寄到', addr(), '，收件人', n(), '。'];
    case 29: return [addr(), '那边没人，邻居说搬走了。'];
    case 30: return ['老家在', addr(), '，父母在家。'];
    // look-alike decoys: brands, parks, places, words
    case 31: return [`他说在${pick(r, BRANDS)}上班，工资月底发。`];
    case 32: return [`客户在${pick(r, PARKS)}的一家公司做销售。`];
    case 33: return [`他这周去${pick(r, PLACES)}出差，下周回来。`];
    case 34: return [`对方${pick(r, WORDS)}，说话也${pick(r, WORDS)}。`];
    case 35: return [`${pick(r, WORDS)}的问题已经解决，${pick(r, WORDS)}再说。`];
    case 36: return [`客户买了${pick(r, BRANDS)}的东西，用${pick(r, ['花呗', '信用卡', '分期'])}付的。`];
    case 37: return [`Meeting at ${pick(r, ['Bank of China', 'Wangfujing', 'Zhangjiang Hi-Tech Park', 'Li Ning store', 'Chow Tai Fook'])} on Monday.`];
    // identifier decoys: broken checksums, order numbers, amounts
    case 38: {
      const c = genCard(r);
      const bad = c.slice(0, -1) + String((Number(c.at(-1)) + int(r, 1, 9)) % 10);
      return [`他念的卡号${bad.replace(/(\d{4})(?=\d)/g, '$1 ')}对不上，让他再查。`];
    }
    case 39: {
      const id = residentId(r, pick(r, p.cities)[2]);
      const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      return [`证件号报成了${bad.slice(0, 6)} ${bad.slice(6, 14)} ${bad.slice(14)}，明显错了。`];
    }
    case 40: return [`订单号${digits(r, 4)} ${digits(r, 4)} ${digits(r, 4)} ${digits(r, 4)}，快递已签收。`];
    case 41: return [`还款金额${int(r, 1, 99)},${digits(r, 3)}.${digits(r, 2)}元，共${int(r, 2, 36)}期。`];
    case 42: return [`客服热线400-${digits(r, 3)}-${digits(r, 4)}，工号${digits(r, 6)}。`];
    case 43: return [`合同编号${int(r, 2019, 2026)}-${digits(r, 4)}-${digits(r, 4)}，案号（${int(r, 2020, 2026)}）浙0782民初${int(r, 100, 9999)}号。`];
    case 44: return [`${pick(r, p.cities)[0]}${pick(r, ['人民法院', '公安局', '中级人民法院'])}已立案。`];
    // mixes
    case 45: return [n(), '（', mob(), '）说他住', addr(), '。'];
    case 46: return ['Called ', ro(), ' on ', mob(), '; address ', addr(), '.'];
    default: return ['通话内容已录音，客户态度较好。'];
  }
}

/** Free-form labelled corpus of about `targetChars` characters for one split (same seed → same text). */
export function generateFreeform(split: Split, seed: number, targetChars = 40_000): Corpus {
  const r = seededRandom(seed ^ (split === 'tune' ? 0x51 : 0xa7));
  const p = POOLS[split];
  const parts: string[] = [];
  const labels: Label[] = [];
  let pos = 0;
  while (pos < targetChars) {
    for (const piece of sentence(r, p)) {
      const t = typeof piece === 'string' ? piece : piece.text;
      if (typeof piece !== 'string') labels.push({ type: piece.type, start: pos, end: pos + t.length, text: t });
      parts.push(t);
      pos += t.length;
    }
    const sep = r() < 0.3 ? '\n' : '';
    parts.push(sep);
    pos += sep.length;
  }
  return { text: parts.join(''), labels };
}

/** Parses hand-written text with inline labels `{n:王晓东}` into a corpus (n m t i c a e p u = type initials). */
const TAGS: Record<string, PiiType> = { n: 'name', m: 'mobile', t: 'landline', i: 'id_card', c: 'bank_card', a: 'address', e: 'email', p: 'plate', u: 'uscc' };
export function parseMarked(lines: readonly string[]): Corpus {
  const labels: Label[] = [];
  let text = '';
  for (const line of lines) {
    const re = /\{([nmticaepu]):([^}]+)\}/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      text += line.slice(last, m.index);
      labels.push({ type: TAGS[m[1]], start: text.length, end: text.length + m[2].length, text: m[2] });
      text += m[2];
      last = m.index + m[0].length;
    }
    text += line.slice(last) + '\n';
  }
  return { text, labels };
}
