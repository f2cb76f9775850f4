// Demo debtors carry a synthetic Jinhua service address, sealed as an address contact point like any other
// (masked in the case file), so documents fill 送达地址 / debtor address from it instead of asking for it.
import { describe, expect, it } from 'vitest';
import { testApp, signIn } from '../../../test/support/app.js';
import { demoAddress } from './demo.js';

const r = await testApp();
const legal = await signIn(r, 'demo', 'legal@demo.recourse.test', 'Recourse-demo-2026');
const get = (url: string) => r.app.inject({ method: 'GET', url, headers: legal.headers });

describe('demo portfolio addresses', () => {
  it('are plausible, clearly synthetic Jinhua addresses', () => {
    const xs = Array.from({ length: 24 }, (_, i) => demoAddress(i));
    for (const a of xs) expect(a).toMatch(/^浙江省金华市(婺城区|金东区|义乌市|东阳市|永康市|兰溪市|浦江县|武义县|磐安县).+9\d{3}号\d0\d室（演示）$/);
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('every demo debtor has a sealed address; the case file masks it and the demand letter fills the debtor address', async () => {
    const items = (await get('/api/v1/cases?pageSize=100')).json().items as Array<{ id: string; stage: string }>;
    expect(items.length).toBeGreaterThan(10);
    for (const c of items.slice(0, 5)) {
      const f = (await get(`/api/v1/cases/${c.id}`)).json();
      const addr = f.debtor.contactPoints.filter((p: { kind: string }) => p.kind === 'address');
      expect(addr).toHaveLength(1);
      expect(addr[0].masked).toMatch(/^浙江省金华市/);
      expect(addr[0].masked).not.toMatch(/9\d{3}号/); // the street number is masked
    }
    const open = items.find((c) => c.stage !== 'closed')!;
    const fields = await get(`/api/v1/cases/${open.id}/documents/demand_letter/fields`);
    expect(fields.statusCode, fields.body).toBe(200);
    const address = fields.json().fields.find((x: { name: string }) => x.name === 'debtorAddress');
    expect(address.text).toMatch(/^浙江省金华市.+号.+（演示）$/);
    expect(JSON.stringify(fields.json().missing)).not.toContain('debtorAddress');
  });
});
