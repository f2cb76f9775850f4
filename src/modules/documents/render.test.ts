// Every kind renders for the sample case; the DOCX XML and the PDF text (pdftotext) contain the names, the amounts
// in figures and capitals, and the sections the spec requires (DOC-01..13). Page PNGs go to test-artifacts/documents/.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { formatFigures, toCapitals } from '../law/index.js';
import { renderDocument } from './index.js';
import { DocumentKind } from './template-types.js';
import { sampleCase } from './testing.js';

const HAS_POPPLER = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
const OUT = new URL('../../../test-artifacts/documents/', import.meta.url);

/** Sections and wording the spec requires per kind (checked in both formats). */
const REQUIRED: Record<DocumentKind, string[]> = {
  demand_letter: ['催款函', '尚欠本金', '逾期利息', '官方收款账户', '异议', '投诉', '核验'],
  lawyer_letter: ['律师函', '浙江衡正律师事务所', '执业证号', '函号', '委托', '提起民事诉讼'],
  debt_acknowledgment: ['债务确认书', '无异议', '尚欠本金', '按指印'],
  repayment_agreement: ['分期还款协议', '还款计划', '加速到期', '送达', '个人信息', '减免'],
  mediation_agreement: ['人民调解协议书', '调解员', '司法确认', '调解委员会'],
  assignment_notice: ['债权转让通知书', '受让人', '浙江信融资产管理有限公司', '抗辩', '从权利'],
  statement_of_claim: ['民事起诉状', '诉讼请求和依据', '事实与理由', '对纠纷解决方式的意愿', '标的总额', '此致', '杭州市拱墅区人民法院', '证据名称'],
  preservation_application: ['财产保全申请书', '诉前财产保全', '请求事项', '被保全财产信息', '担保', '浙A·8K123'],
  payment_order_application: ['支付令申请书', '对待给付', '未就本债务申请诉前保全', '没有其他债务纠纷'],
  enforcement_application: ['强制执行申请书', '执行依据', '（2025）浙0105民初1234号', '迟延履行期间的债务利息', '被执行人财产线索', '限制高消费'],
  power_of_attorney: ['授权委托书', '代理权限', '特别授权', '代为收取执行款', '法定代表人身份证明书', '91330106MA2B3C4D5D'],
  evidence_list: ['证据目录', 'SHA-256', '9f2b5c0e7a1d4e3f', 'SM3', '存证编号', '日志位置:1042', '电子数据'],
  pre_suit_mediation_application: ['诉前调解申请书', '调解请求', '调解意愿', '人民调解委员会'],
};

/** The amount each kind must state in figures and capitals (from the computed snapshot, not hard-coded). */
function expectedAmount(kind: DocumentKind, calc: Record<string, unknown>): bigint | null {
  if (kind === 'power_of_attorney' || kind === 'evidence_list') return null;
  if (kind === 'enforcement_application') return 18_000_000n; // adjudicated amount from the fixture judgment
  if (kind === 'preservation_application') return calc.preservationAmountFen as bigint;
  if (kind === 'repayment_agreement' || kind === 'mediation_agreement') return calc.agreedTotalFen as bigint;
  return calc.totalFen as bigint;
}

function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']);
  return xml.replace(/<w:tab\/>/g, '\t').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

describe('rendering all 13 kinds', () => {
  for (const kind of DocumentKind.options) {
    it(`${kind}: DOCX contains names, amounts (figures + capitals) and required sections`, async () => {
      const r = await renderDocument(kind, sampleCase(), { format: 'docx' });
      const text = docxText(r.bytes);
      const xml = strFromU8(unzipSync(r.bytes)['word/document.xml']);
      expect(xml).toContain('w:w="11906"'); // A4 width
      expect(xml).toMatch(/w:eastAsia="仿宋"/);
      expect(text).toContain('杭州顺达商贸有限公司');
      const amt = expectedAmount(kind, r.snapshot.calc);
      if (amt !== null) {
        expect(text).toContain(formatFigures(amt));
        expect(text).toContain(toCapitals(amt));
      }
      for (const s of REQUIRED[kind]) expect(text, s).toContain(s);
      expect(text).not.toMatch(/undefined|NaN|\{\{/);
    });
  }

  it.skipIf(!HAS_POPPLER)('PDF text (pdftotext) of every kind contains the same content; PNG pages written', async () => {
    mkdirSync(OUT, { recursive: true });
    for (const kind of DocumentKind.options) {
      const r = await renderDocument(kind, sampleCase(), { format: 'pdf' });
      expect(strFromU8(r.bytes.subarray(0, 5))).toBe('%PDF-');
      const path = new URL(`${kind}.pdf`, OUT).pathname;
      writeFileSync(path, r.bytes);
      const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toMatch(/李明华|杭州顺达/);
      const amt = expectedAmount(kind, r.snapshot.calc);
      if (amt !== null) {
        expect(text, kind).toContain(formatFigures(amt));
        expect(text, kind).toContain(toCapitals(amt));
      }
      for (const s of REQUIRED[kind]) expect(text, `${kind}: ${s}`).toContain(s.replace(/\s+/g, ''));
      if (kind === 'demand_letter' || kind === 'statement_of_claim') {
        execFileSync('pdftoppm', ['-r', '60', '-png', path, new URL(kind, OUT).pathname]);
      }
    }
    const fonts = execFileSync('pdffonts', [new URL('demand_letter.pdf', OUT).pathname], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/); // embedded, subset, unicode map
  }, 60_000);
});
