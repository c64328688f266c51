/*
 * The demo worth showing (issue 18): invoices over the last 90 days with some overdue, credit
 * notes, one resent invoice (a possible duplicate in apdesk) and one cut-off file (Needs
 * attention); DEMO_DATA=false keeps the demo users and companies but no invoices.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSandbox } from '../../src/pagero-sandbox/app';
import { DEMO_UNREADABLE_ID, generateDemoDocuments } from '../../src/pagero-sandbox/seed-demo';
import { readEInvoice } from '../../src/einvoice/index';
import { loadConfig } from '../../src/config';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

describe('the demo data', () => {
  it('spreads the invoices over 90 days, some overdue, with credit notes, a resent invoice and a cut-off file', () => {
    const docs = generateDemoDocuments({ referenceTime: NOW });
    const ages = docs.map((d) => (NOW - Date.parse(d.createTime ?? '')) / DAY);
    assert.ok(Math.max(...ages) > 75 && Math.max(...ages) <= 90, `oldest is ${Math.max(...ages)} days old`);
    const read = docs.filter((d) => d.documentInfo.documentType === 'Invoice' && d.id !== DEMO_UNREADABLE_ID).map((d) => readEInvoice(d.targetDocument()));
    const invoices = read.flatMap((r) => (r.ok ? r.invoices : []));
    assert.equal(invoices.length, read.length, 'every other invoice reads');
    const today = new Date(NOW).toISOString().slice(0, 10);
    assert.ok(invoices.filter((i) => i.dueDate && i.dueDate < today).length >= 20, 'some are overdue');
    assert.ok(invoices.some((i) => i.dueDate && i.dueDate >= today), 'some are not due yet');
    assert.ok(invoices.some((i) => i.documentType === 'credit_note'));
    const resent = docs.find((d) => d.id === 'demo-resent-0001')!;
    assert.equal(docs.filter((d) => Buffer.compare(Buffer.from(d.targetDocument()), Buffer.from(resent.targetDocument())) === 0).length, 2, 'the same invoice twice');
    const unreadable = readEInvoice(docs.find((d) => d.id === DEMO_UNREADABLE_ID)!.targetDocument());
    assert.equal(unreadable.ok, false);
  });

  it('keeps users and companies but no invoices with DEMO_DATA=false', () => {
    assert.equal(loadConfig({ DEMO_DATA: 'false' }).DEMO_DATA, false);
    assert.equal(loadConfig({}).DEMO_DATA, true);
    const off = createSandbox({ seedDemo: true, demoDocuments: false });
    assert.equal(off.state.documents.size, 0);
    assert.ok(off.state.users.size >= 4 && off.state.companies.size === 3);
    assert.ok(createSandbox({ seedDemo: true }).state.documents.size >= 300);
  });
});
