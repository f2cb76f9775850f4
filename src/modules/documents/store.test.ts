// Integration: real database (PGlite by default), own tenants, RLS.
import { beforeAll, describe, expect, it } from 'vitest';
import { sm3 } from 'sm-crypto';
import { createHash } from 'node:crypto';
import { getTestDb, createTestTenant } from '../../platform/db/testing.js';
import { withTenant, one, sql } from '../../platform/db/index.js';
import { findEvidenceFile } from '../evidence/index.js';
import { generateDocument, getActiveTemplate, getGeneratedDocument, listTemplateVersions, restoreShippedTemplate, saveTemplateVersion } from './store.js';
import { getShippedTemplate } from './registry.js';
import { sampleCase } from './testing.js';

describe('documents store (DB)', () => {
  beforeAll(async () => {
    await getTestDb();
  }, 120_000);

  it('generates a PDF: bytes stored by digest, evidence leaf appended, snapshot kept', async () => {
    const db = await getTestDb();
    const t = await createTestTenant(db, { lawFirm: 'none' });
    const g = await withTenant(db, t.id, (tx) => generateDocument(tx, { kind: 'demand_letter', caseData: sampleCase(), format: 'pdf', actor: 'system' }));
    expect(g.sha256).toBe(createHash('sha256').update(g.bytes).digest('hex'));
    expect(g.sm3).toBe(sm3(Array.from(g.bytes)));
    expect(g.templateVersion).toBe(0);
    await withTenant(db, t.id, async (tx) => {
      const f = await findEvidenceFile(tx, g.sha256);
      expect(f?.size).toBe(g.bytes.length);
      const rec = await getGeneratedDocument(tx, g.id);
      expect(rec.evidenceLeaf).toBe(g.evidenceLeaf);
      expect((rec.snapshot as { calc: { totalFen: string } }).calc.totalFen).toMatch(/^\d+$/);
    });
    // RLS: another tenant does not see it
    const other = await createTestTenant(db);
    await expect(withTenant(db, other.id, (tx) => getGeneratedDocument(tx, g.id))).rejects.toMatchObject({ code: 'DOCUMENTS_DOCUMENT_NOT_FOUND' });
  }, 30_000);

  it('DOC-05: the law-firm gate uses the tenant record, not the case data', async () => {
    const db = await getTestDb();
    const none = await createTestTenant(db, { lawFirm: 'none' });
    const cd = sampleCase();
    const claims = { ...cd, tenant: { ...cd.tenant, isLawFirm: true } };
    await expect(withTenant(db, none.id, (tx) => generateDocument(tx, { kind: 'lawyer_letter', caseData: claims, format: 'docx', actor: 'system' })))
      .rejects.toMatchObject({ code: 'DOCUMENTS_LAWYER_LETTER_NOT_ALLOWED' });
    const firm = await createTestTenant(db, { lawFirm: 'is_law_firm' });
    const g = await withTenant(db, firm.id, (tx) => generateDocument(tx, { kind: 'lawyer_letter', caseData: cd, format: 'docx', actor: 'system' }));
    expect(g.size).toBeGreaterThan(1000);
  }, 30_000);

  it('template versions: tenant edit is used, then restore to shipped', async () => {
    const db = await getTestDb();
    const t = await createTestTenant(db);
    const shipped = getShippedTemplate('demand_letter');
    const edited = { ...shipped, blocks: [...shipped.blocks.slice(0, -1), { kind: 'para', text: '本函由债权人授权发出。', indent: true }, shipped.blocks[shipped.blocks.length - 1]] };
    await withTenant(db, t.id, async (tx) => {
      expect((await saveTemplateVersion(tx, { kind: 'demand_letter', template: edited, actor: 'system' })).version).toBe(1);
      const g = await generateDocument(tx, { kind: 'demand_letter', caseData: sampleCase(), format: 'docx', actor: 'system' });
      expect(g.templateVersion).toBe(1);
      expect(g.templateSource).toBe('tenant');
      await expect(saveTemplateVersion(tx, { kind: 'demand_letter', template: { ...edited, blocks: [{ kind: 'para', text: '{{nope}}' }] }, actor: 'system' }))
        .rejects.toMatchObject({ code: 'DOCUMENTS_TEMPLATE_INVALID' });
      await expect(saveTemplateVersion(tx, { kind: 'lawyer_letter', template: edited, actor: 'system' })).rejects.toMatchObject({ code: 'DOCUMENTS_TEMPLATE_INVALID' });
      const r = await restoreShippedTemplate(tx, { kind: 'demand_letter', actor: 'system' });
      expect(r.version).toBe(2);
      const active = await getActiveTemplate(tx, 'demand_letter');
      expect(active.source).toBe('shipped');
      expect(active.template.blocks).toEqual(shipped.blocks);
      expect((await listTemplateVersions(tx, 'demand_letter')).map((v) => [v.version, v.source])).toEqual([[2, 'shipped'], [1, 'tenant']]);
    });
    // append-only: the app role cannot rewrite history (own transaction: the error aborts it)
    await expect(withTenant(db, t.id, (tx) => tx.execute(sql`UPDATE documents.templates SET source = 'tenant' WHERE version = 2`))).rejects.toBeTruthy();
    const n = await withTenant(db, t.id, (tx) => one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM documents.templates`));
    expect(Number(n?.n)).toBe(2);
  }, 30_000);
});
