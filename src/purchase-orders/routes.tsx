/* Purchase orders: the list and a PO's page (the AP team and Financial Accounting); CSV import (AP Admins). */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PoImportPage, type PoImportPreview } from '../../views/purchase-orders/import';
import { PurchaseOrderPage, PurchaseOrdersPage } from '../../views/purchase-orders/list';
import { canImportPurchaseOrders, canSeePurchaseOrders } from '../coding/access';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { allow, currentUser } from '../http/guards';
import { csvFromForm } from '../master-data/csv-upload';
import { refuseUnshown } from '../http/form';
import { findCompany, listCompanies } from '../master-data/queries';
import { checkReceiptsAgainstOrders, previewGoodsReceipts, previewPurchaseOrders } from './csv-import';
import { findPurchaseOrder, listPurchaseOrders } from './queries';
import { companiesSeenBy } from './visibility';
import { storeGoodsReceipt, storePurchaseOrder } from './store';

const title = { title: 'Purchase orders', active: 'settings' as const };

export function purchaseOrdersRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeePurchaseOrders));
  app.use('/import/*', allow(canImportPurchaseOrders));
  app.use('/import', allow(canImportPurchaseOrders));

  app.get('/', async (c) => {
    const companyId = Number(c.req.query('company')) || null;
    const user = currentUser(c);
    const [rows, companies] = await Promise.all([listPurchaseOrders(sql, user, companyId), companiesSeenBy(sql, user)]);
    return c.render(<PurchaseOrdersPage rows={rows} companies={companies} companyId={companyId} canImport={canImportPurchaseOrders(currentUser(c))} flash={c.get('flash')} />, title);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const po = await findPurchaseOrder(sql, currentUser(c), Number(c.req.param('id')));
    if (!po) throw new HTTPException(404, { message: 'There is no such purchase order.' });
    return c.render(<PurchaseOrderPage po={po} />, { ...title, title: `PO ${po.poNumber}` });
  });

  app.get('/import', async (c) => c.render(<PoImportPage csrf={c.get('csrfToken')} companies={await listCompanies(sql)} values={{}} />, title));

  /** Reads the form and previews the file; `store` is set only when the preview is clean. */
  const prepare = async (c: Context<AppEnv>) => {
    const csv = await csvFromForm(c);
    refuseUnshown(csv.invalid, ['company', 'type', 'csv', 'file']);
    const { fields, invalid: errors, fileChosen } = csv;
    const values = { company: String(fields.company ?? ''), type: fields.type === 'receipts' ? 'receipts' : 'orders', csv: csv.text };
    const company = /^\d{1,18}$/.test(values.company) ? await findCompany(sql, Number(values.company)) : undefined;
    if (errors.company || !company) return { values, errors, fileChosen, companyError: errors.company ?? 'Choose the company the file is for.' };
    // a control character in a field: the form again, the error beside it, no preview
    if (Object.keys(errors).length > 0) return { values, errors, fileChosen };
    if (csv.error !== undefined) return { values, preview: { error: csv.error } as PoImportPreview };
    if (values.type === 'receipts') {
      const preview = previewGoodsReceipts(values.csv);
      if ('error' in preview) return { values, preview };
      await checkReceiptsAgainstOrders(sql, company.id, preview);
      const store = () => sql.begin(async (tx) => { for (const r of preview.items) await storeGoodsReceipt(tx, company.id, r, 'csv'); });
      return { values, preview: { ...preview, items: preview.items.length }, store: preview.errorCount ? undefined : store };
    }
    const preview = previewPurchaseOrders(values.csv);
    if ('error' in preview) return { values, preview };
    const store = () => sql.begin(async (tx) => { for (const po of preview.items) await storePurchaseOrder(tx, company.id, po, 'csv'); });
    return { values, preview: { ...preview, items: preview.items.length }, store: preview.errorCount ? undefined : store };
  };

  const show = async (c: Context<AppEnv>, p: Awaited<ReturnType<typeof prepare>>) => {
    if (!('store' in p) || !p.store) c.status(422);
    return c.render(<PoImportPage csrf={c.get('csrfToken')} companies={await listCompanies(sql)} values={p.values} preview={p.preview} companyError={p.companyError} errors={p.errors} fileChosen={p.fileChosen} />, title);
  };

  app.post('/import', async (c) => show(c, await prepare(c)));

  app.post('/import/confirmation', async (c) => {
    const p = await prepare(c);
    if (!('store' in p) || !p.store) return show(c, p);
    await p.store();
    setFlash(deps.jar(c), `${p.preview && !('error' in p.preview) ? p.preview.items : 0} ${p.values.type === 'receipts' ? 'goods receipts' : 'purchase orders'} imported; their invoices are being matched again.`);
    return c.redirect(`/purchase-orders?company=${p.values.company}`, 303);
  });

  return app;
}
