// The optional render worker pool (RECOURSE_RENDER_WORKERS): a worker renders the same PDF bytes as this thread, and
// a batch run with a worker stores every document (read and store in separate transactions around the render).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fillDocument } from './fill.js';
import { layoutDocument } from './layout.js';
import { renderPdf } from './render-pdf.js';
import { createRenderPool, type RenderPool } from './render-pool.js';

const sample = JSON.parse(readFileSync(new URL('../../../test/fixtures/documents/sample-case.json', import.meta.url), 'utf8'));
let pool: RenderPool | undefined;
afterAll(async () => { await pool?.close(); });

describe('render pool', () => {
  it('a worker renders the same PDF bytes as this thread (fonts loaded in the worker)', async () => {
    pool = await createRenderPool(1);
    expect(pool.size).toBe(1);
    const laid = layoutDocument(fillDocument('demand_letter', sample));
    const [a, b] = await Promise.all([pool.render(laid, 'pdf'), renderPdf(laid)]);
    expect(Buffer.from(a).subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const docx = await pool.render(laid, 'docx');
    expect(Buffer.from(docx).subarray(0, 2).toString()).toBe('PK');
  }, 120_000);

  it('size 0 renders in this thread', async () => {
    const inline = await createRenderPool(0);
    expect(inline.size).toBe(0);
    const laid = layoutDocument(fillDocument('debt_acknowledgment', sample));
    expect(Buffer.from(await inline.render(laid, 'pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
