import { describe, expect, it } from 'vitest';
import { CLEAN_CORPUS, VIOLATING_CORPUS } from './content-corpus.js';
import { announcesAutomation, findDebtDisclosure, hasOptOutNotice, normaliseForScreen, screenContent } from './content-screen.js';

describe('content screen corpus (COL-42..46, COL-92)', () => {
  it('corpus has at least 60 clean and 60 violating messages', () => {
    expect(CLEAN_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(VIOLATING_CORPUS.length).toBeGreaterThanOrEqual(60);
  });
  it('flags no clean message (precision on clean text = 100%)', () => {
    const flagged = CLEAN_CORPUS.map((t) => ({ t, hits: screenContent(t).hits })).filter((x) => x.hits.length);
    expect(flagged).toEqual([]);
  });
  it('recall: every violating message fires its expected rule', () => {
    const missed = VIOLATING_CORPUS.filter((v) => !screenContent(v.text).hits.some((h) => h.ruleId === v.rule));
    expect(missed).toEqual([]);
  });
  it('reports precision/recall over the whole corpus', () => {
    let tp = 0, fp = 0, fn = 0;
    for (const t of CLEAN_CORPUS) if (!screenContent(t).clean) fp++;
    for (const v of VIOLATING_CORPUS) if (screenContent(v.text).clean) fn++; else tp++;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});

describe('hit details', () => {
  it('COL-42 reports the original words and their position despite spaces', () => {
    const text = '喂，我 是 法 院 的';
    const [hit] = screenContent(text).hits;
    expect(hit.ruleId).toBe('COL-42');
    expect(hit.matched).toBe('我 是 法 院');
    expect(text.slice(hit.start, hit.end)).toBe(hit.matched);
    expect(hit.start).toBe(2);
  });
  it('COL-43 traditional characters map back to the original text', () => {
    const [hit] = screenContent('列入黑名單').hits;
    expect(hit).toMatchObject({ ruleId: 'COL-43', matched: '黑名單', start: 2, end: 5 });
  });
  it('COL-46 full-width letters are normalised', () => {
    expect(screenContent('ｄｅａｄｂｅａｔ').hits.map((h) => h.ruleId)).toEqual(['COL-46']);
  });
  it('US jurisdiction reports US rule IDs (US-10, US-09)', () => {
    expect(screenContent('you deadbeat', 'US').hits[0].ruleId).toBe('US-10');
    expect(screenContent('the statute of limitations does not apply', 'US').hits[0].ruleId).toBe('US-09');
  });
  it('pinyin abbreviations need context: "fy" or "jc" alone are not flagged', () => {
    expect(screenContent('Please see the FY2026 report, JC Penney store').clean).toBe(true);
    expect(screenContent('jc马上上门').clean).toBe(false);
  });
  it('lists several hits in one message in text order', () => {
    const r = screenContent('我是公安局的，你这个骗子再不还钱就坐牢');
    expect(r.hits.map((h) => h.ruleId)).toEqual(['COL-42', 'COL-46', 'COL-43']);
  });
  it('normalisation drops separators and maps positions', () => {
    const n = normaliseForScreen('A-b 黑');
    expect(n.compact).toBe('ab黑');
    expect(n.spans).toEqual([[0, 1], [2, 3], [4, 5]]);
  });
});

describe('helpers', () => {
  it('COL-32 finds debt words for third-party messages', () => {
    expect(findDebtDisclosure('请转告他尽快还款')).toContain('还款');
    expect(findDebtDisclosure('Tell him his loan is overdue')).toEqual(['loan', 'overdue']);
    expect(findDebtDisclosure('However, please ask him to call us back')).toEqual([]);
  });
  it('COL-85 automation announcement and US-07 opt-out notice', () => {
    expect(announcesAutomation('这是自动语音提醒')).toBe(true);
    expect(announcesAutomation('这是人工客服')).toBe(false);
    expect(hasOptOutNotice('回复TD退订')).toBe(true);
    expect(hasOptOutNotice('Reply S T O P to opt out')).toBe(true);
    expect(hasOptOutNotice('Thanks')).toBe(false);
  });
});
