/* The ERP's answer to an export: status, ERP document id or message, history; only for invoices awaiting export. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordExportResult } from '../../src/erp/results';
import { useTestDatabase } from '../helpers/database';
import { insertInvoiceRows } from '../invoices/helpers';

describe('recordExportResult', () => {
  const t = useTestDatabase();
  const actor = { label: 'API token “SAP”' };
  const row = async (id: number) =>
    (await t.db.sql<{ status: string; erpDocumentId: string | null; erpMessage: string | null; exportedAt: Date | null }[]>`
      select status, erp_document_id, erp_message, exported_at from invoices where id = ${id}`)[0]!;
  const events = (id: number) =>
    t.db.sql<{ action: string; fromStatus: string; toStatus: string; reason: string; actorLabel: string }[]>`
      select action, from_status, to_status, reason, actor_label from invoice_events where invoice_id = ${id} order by id`;

  it('moves an approved invoice to Exported with the ERP document id, and writes the history', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    const result = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: ' FI-2026-0042 ', actor });
    assert.deepEqual(result, { ok: true, invoiceId: id, from: 'approved', status: 'exported', changed: true });
    const after = await row(id!);
    assert.equal(after.status, 'exported');
    assert.equal(after.erpDocumentId, 'FI-2026-0042');
    assert.ok(after.exportedAt);
    assert.deepEqual([...(await events(id!))], [{ action: 'status', fromStatus: 'approved', toStatus: 'exported', reason: 'ERP document FI-2026-0042', actorLabel: 'API token “SAP”' }]);

    const again = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: 'FI-2026-0042', actor });
    assert.deepEqual(again, { ok: true, invoiceId: id, from: 'exported', status: 'exported', changed: false }, 'the same answer twice is harmless');
    assert.equal((await events(id!)).length, 1);

    const other = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: 'FI-2026-0043', actor });
    assert.equal(other.ok, false);
    assert.equal(!other.ok && other.problem, 'not_awaiting_export');
    const failed = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'failed', message: 'late', actor });
    assert.equal(!failed.ok && failed.problem, 'not_awaiting_export');
    assert.equal((await row(id!)).erpDocumentId, 'FI-2026-0042');
  });

  it('moves a failed export to Export failed with the message; a second failure is history; then it can be exported', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    const first = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'failed', message: 'Cost centre 4711 is closed', actor });
    assert.equal(first.ok && first.status, 'export_failed');
    assert.equal((await row(id!)).erpMessage, 'Cost centre 4711 is closed');
    const second = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'failed', message: 'Vendor 99 is blocked', actor });
    assert.equal(second.ok && second.changed, true);
    assert.equal((await row(id!)).erpMessage, 'Vendor 99 is blocked');
    const done = await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: 'X-1', actor: { label: 'Export batch 3', userId: null } });
    assert.equal(done.ok && done.status, 'exported');
    const after = await row(id!);
    assert.equal(after.erpMessage, null);
    assert.deepEqual((await events(id!)).map((e) => [e.action, e.fromStatus, e.toStatus, e.reason]), [
      ['status', 'approved', 'export_failed', 'Cost centre 4711 is closed'],
      ['export_result', 'export_failed', 'export_failed', 'Vendor 99 is blocked'],
      ['status', 'export_failed', 'exported', 'ERP document X-1'],
    ]);
  });

  it('refuses invoices not awaiting export, unknown ids, and a failure without a message', async () => {
    const [received, rejected, approved] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }, { status: 'rejected' }, { status: 'approved' }]);
    for (const id of [received!, rejected!]) {
      const result = await recordExportResult(t.db.sql, { invoiceId: id, outcome: 'exported', erpDocumentId: 'A', actor });
      assert.equal(!result.ok && result.problem, 'not_awaiting_export');
      assert.match(!result.ok ? result.message : '', /not awaiting export/);
    }
    const missing = await recordExportResult(t.db.sql, { invoiceId: 999_999_999, outcome: 'exported', actor });
    assert.equal(!missing.ok && missing.problem, 'not_found');
    const noMessage = await recordExportResult(t.db.sql, { invoiceId: approved!, outcome: 'failed', message: '  ', actor });
    assert.deepEqual(noMessage.ok ? null : [noMessage.problem, 'field' in noMessage && noMessage.field], ['invalid', 'message']);
    assert.equal((await row(approved!)).status, 'approved');
    assert.equal((await t.db.sql`select 1 from invoice_events where invoice_id = any(${[received!, rejected!, approved!]}::bigint[])`).length, 0);
  });

  it('lets exactly one of two results sent at once win', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    const results = await Promise.all([
      recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: 'A-1', actor }),
      recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: 'B-2', actor }),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal((await events(id!)).length, 1);
  });
});
