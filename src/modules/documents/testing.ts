// Test factories for the documents module.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseDataInput } from './case-data.js';

const SAMPLE = fileURLToPath(new URL('../../../test/fixtures/documents/sample-case.json', import.meta.url));

/** A realistic private-lending case (test/fixtures/documents/sample-case.json), deep-copied, with overrides merged shallowly. */
export function sampleCase(overrides: Partial<CaseDataInput> = {}): CaseDataInput {
  return { ...(JSON.parse(readFileSync(SAMPLE, 'utf8')) as CaseDataInput), ...overrides };
}
