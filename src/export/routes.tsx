/*
 * Export batches: the list, Export (from My Invoices' selection, or Export again from a
 * batch), a batch's page and files, its SFTP delivery and "Mark as delivered". Batches
 * hold invoices of every Document Group, so only those who may export (Financial
 * Accounting, AP Admins) and see every invoice reach them.
 */
import { Hono, type Context } from 'hono';
import { Readable } from 'node:stream';
import { HTTPException } from 'hono/http-exception';
import { ExportBatchPage } from '../../views/export/batch';
import { ExportBatchesPage } from '../../views/export/batches';
import { hasRole } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { idParam } from '../invoices/params';
import { mayExport } from './access';
import { createBatches, EXPORT_SELECTION_MAX, REEXPORT_REASON_MAX } from './batches';
import { exportCipher, markDelivered } from './delivery';
import { batchFile, batchFileName, CONTENT_TYPES, FILE_KINDS } from './files';
import { queueDelivery } from './queue';
import { batchInvoices, batchTotals, findBatch, listBatches } from './queries';
import { sftpCredentials } from './settings';

const batchNotFound = () => new HTTPException(404, { message: 'There is no such export batch.' });

export function exportBatchRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(mayExport));

  const renderBatch = async (c: Context<AppEnv>, id: number, extra: { errors?: { reason?: string; ids?: string }; reason?: string } = {}) => {
    const batch = await findBatch(sql, id);
    if (!batch) throw batchNotFound();
    const [invoices, totals, sftp] = await Promise.all([batchInvoices(sql, id), batchTotals(sql, id), sftpCredentials(sql, exportCipher(deps.config), batch.companyId)]);
    return c.render(<ExportBatchPage batch={batch} invoices={invoices} totals={totals} sftpReady={sftp !== null} csrf={c.get('csrfToken')} flash={c.get('flash')} {...extra} />, {
      title: `Export batch ${id}`,
      active: 'export-batches',
    });
  };

  app.get('/', async (c) => {
    const before = Number(c.req.query('before'));
    const page = await listBatches(sql, Number.isSafeInteger(before) && before > 0 ? before : null);
    return c.render(<ExportBatchesPage {...page} flash={c.get('flash')} canConfigure={hasRole(currentUser(c), 'ap_admin')} />, { title: 'Export batches', active: 'export-batches' });
  });

  app.post('/', async (c) => {
    const user = currentUser(c);
    const { fields: form, invalid } = await readForm(c);
    const ids = [form.ids ?? []].flat().map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    const fromBatch = Number(form.from_batch);
    const fromBatchPage = Number.isSafeInteger(fromBatch) && fromBatch > 0;
    const problem = ids.length === 0 ? 'Select one or more invoices first.' : ids.length > EXPORT_SELECTION_MAX ? `Select at most ${EXPORT_SELECTION_MAX} invoices at a time.` : null;
    const reasonProblem = invalid.reason ?? (reason.length > REEXPORT_REASON_MAX ? `Keep the reason under ${REEXPORT_REASON_MAX} characters.` : fromBatchPage && !reason ? 'Say why these invoices go to the ERP again.' : null);
    if (problem || reasonProblem || Object.keys(invalid).length > 0) {
      c.status(422);
      if (fromBatchPage) return renderBatch(c, fromBatch, { errors: { ids: problem ?? invalid.ids, reason: reasonProblem ?? undefined }, reason });
      return c.render(<ExportBatchesPage {...(await listBatches(sql, null))} flash={null} problem={problem ?? reasonProblem ?? Object.values(invalid)[0]} canConfigure={hasRole(user, 'ap_admin')} />, { title: 'Export batches', active: 'export-batches' });
    }
    const outcome = await createBatches(sql, { user, ids, reason });
    deps.log.info({ by: user.id, batches: outcome.batches.map((b) => b.id), skipped: outcome.skipped.length, reexport: !!reason }, 'export batches created');
    if (outcome.skipped.length === 0 && outcome.batches.length === 1) {
      const b = outcome.batches[0]!;
      setFlash(deps.jar(c), `Batch ${b.id}: ${b.invoiceCount} invoice${b.invoiceCount === 1 ? '' : 's'} of ${b.companyName}`);
      return c.redirect(`/export-batches/${b.id}`, 303);
    }
    if (outcome.batches.length === 0) c.status(409);
    return c.render(<ExportBatchesPage {...(await listBatches(sql, null))} flash={null} outcome={outcome} canConfigure={hasRole(user, 'ap_admin')} />, { title: 'Export batches', active: 'export-batches' });
  });

  app.get('/:id', (c) => renderBatch(c, idParam(c)));

  app.get('/:id/files/:name', async (c) => {
    const batch = await findBatch(sql, idParam(c));
    const kind = FILE_KINDS.find((k) => batch && c.req.param('name') === batchFileName(batch.id, k));
    if (!batch || !kind) throw batchNotFound();
    const body = batchFile(deps.downloads, batch, kind);
    return c.body(Readable.toWeb(body) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': CONTENT_TYPES[kind],
      'Content-Disposition': `attachment; filename="${batchFileName(batch.id, kind)}"`,
      'Cache-Control': 'private, no-store',
    });
  });

  app.post('/:id/sftp-delivery', async (c) => {
    const batch = await findBatch(sql, idParam(c));
    if (!batch) throw batchNotFound();
    if (!(await sftpCredentials(sql, exportCipher(deps.config), batch.companyId))) {
      setFlash(deps.jar(c), `${batch.companyName} has no SFTP drop folder: an AP Admin sets one in Settings → Export.`);
      return c.redirect(`/export-batches/${batch.id}`, 303);
    }
    await sql.begin(async (tx) => {
      await tx`update export_batches set status = 'ready', delivery_error = null where id = ${batch.id} and status <> 'delivering'`;
      await queueDelivery(tx, batch.id);
    });
    deps.log.info({ by: currentUser(c).id, batchId: batch.id }, 'export batch SFTP delivery requested');
    setFlash(deps.jar(c), `Batch ${batch.id} is on its way to the SFTP folder; this page shows when it arrived.`);
    return c.redirect(`/export-batches/${batch.id}`, 303);
  });

  app.post('/:id/delivery', async (c) => {
    const user = currentUser(c);
    const id = idParam(c);
    if (!(await findBatch(sql, id))) throw batchNotFound();
    const done = await sql.begin((tx) => markDelivered(tx, id, { userId: user.id, to: 'downloaded' }));
    deps.log.info({ by: user.id, batchId: id, exported: done?.exported }, 'export batch marked as delivered');
    setFlash(deps.jar(c), done ? `Batch ${id} is delivered${done.exported ? `: ${done.exported} invoice${done.exported === 1 ? '' : 's'} Exported` : ''}.` : `Batch ${id} was delivered already.`);
    return c.redirect(`/export-batches/${id}`, 303);
  });

  return app;
}

