import { describe, expect, it } from 'vitest';
import { checkPublicName } from './branding.js';

describe('public-name rules (COL-01, COL-42)', () => {
  it.each([
    ['金华讨债公司', 'COL-01'],
    ['浙江要 债 服务', 'COL-01'],
    ['金華討債有限公司', 'COL-01'], // traditional characters
    ['金华市人民法院执行服务中心', 'COL-42'],
    ['公安协办清欠中心', 'COL-42'],
    ['ＰＯＬＩＣＥ debt services', 'COL-42'], // full-width letters
    ['Jinhua Court Recovery', 'COL-42'],
  ])('refuses %s (%s)', (name, rule) => {
    const v = checkPublicName(name);
    expect(v.length).toBeGreaterThan(0);
    expect(v.map((x) => x.rule)).toContain(rule);
  });

  it.each(['金华示范调解服务中心', '婺城信息咨询有限公司', 'Jinhua Mediation Services', '浙江正信律师事务所'])('accepts %s', (name) => {
    expect(checkPublicName(name)).toEqual([]);
  });
});
