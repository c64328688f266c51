import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readEInvoice } from '../../src/einvoice/index';
import { generateDemoDocuments } from '../../src/pagero-sandbox/seed-demo';
import { ValidationPool } from '../../src/validation/pool';

describe('validation > the sandbox’s demo invoices', () => {
  let pool: ValidationPool;
  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    await pool.ready();
  });
  after(() => pool.close());

  it('pass EN 16931 and Peppol BIS 3', async () => {
    const ubl = generateDemoDocuments({ seed: 20250601, referenceTime: Date.parse('2026-12-01T00:00:00Z') })
      .map((d) => d.targetDocument() as Uint8Array)
      .filter((bytes) => {
        const read = readEInvoice(bytes);
        return read.ok && read.invoices[0]!.format === 'ubl';
      });
    // The first 80 of the demo's ~200 UBL invoices (Italian ones carry a FatturaPA, which is the invoice apdesk reads).
    const outcomes = new Map<string, number>();
    for (const bytes of ubl.slice(0, 80)) {
      const result = await pool.validate(Buffer.from(bytes).toString('utf8'));
      assert.ok(result.ok, !result.ok ? result.error : '');
      assert.deepEqual(result.ruleSets, ['en16931-ubl', 'peppol-ubl']);
      const key = [...new Set(result.findings.filter((f) => f.severity === 'fatal').map((f) => f.ruleId))].join(',') || 'valid';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...outcomes], [['valid', 80]]);
  });
});
