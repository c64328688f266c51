import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readEInvoice } from '../../src/einvoice/index';
import { corpusDir, differences, type ExpectedFile } from './corpus-expectations';

const expected = JSON.parse(readFileSync(new URL('expected.json', corpusDir), 'utf8')).files as Record<string, ExpectedFile>;

describe('shared corpus matches expected.json', () => {
  for (const [file, exp] of Object.entries(expected)) {
    if (exp.invalid) continue;
    test(file, () => {
      const result = readEInvoice(readFileSync(new URL(file, corpusDir)), { filename: file });
      assert.ok(result.ok, result.ok ? '' : result.error);
      const records = exp.invoices ?? [exp as Required<ExpectedFile>];
      assert.equal(result.invoices.length, records.length, 'one invoice per FatturaElettronicaBody');
      result.invoices.forEach((inv, i) => assert.deepEqual(differences(exp.format, inv, records[i]!), [], `invoice ${i + 1}`));
    });
  }
});

describe('files labelled invalid are rejected with a reason or read with warnings', () => {
  for (const [file, exp] of Object.entries(expected)) {
    if (!exp.invalid) continue;
    test(file, () => {
      const result = readEInvoice(readFileSync(new URL(file, corpusDir)), { filename: file });
      if (!result.ok) {
        assert.match(result.error, /^[A-Z].+\.$/);
        return;
      }
      assert.ok(result.invoices.some((inv) => inv.warnings.length > 0), 'expected at least one warning');
      result.invoices.forEach((inv, i) => assert.deepEqual(differences(exp.format, inv, exp as Required<ExpectedFile>), [], `invoice ${i + 1}`));
    });
  }
});
