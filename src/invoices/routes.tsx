import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InvoiceList, MyInvoicesPage } from '../../views/invoices/list';
import { InvoicePage } from '../../views/invoices/show';
import { UploadResults } from '../../views/invoices/upload';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { currentUser } from '../http/guards';
import { download } from './download';
import { findInvoice, invoiceAttachment, invoiceOriginal, invoiceParts, listInvoices, parseCursor } from './queries';
import { storeUploads, type UploadOutcome } from './uploads';

const notFound = () => new HTTPException(404, { message: 'There is no such invoice, or you may not see it.' });

const idParam = (c: Context, name = 'id') => {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1) throw notFound();
  return id;
};

export function invoicesRoutes(deps: Deps) {
  const { sql, config } = deps;
  const maxMegabytes = Math.round((config.EINVOICE_MAX_BYTES / (1024 * 1024)) * 10) / 10;
  const app = new Hono<AppEnv>();

  const renderList = async (c: Context<AppEnv>, extra: { uploadError?: string; outcomes?: UploadOutcome[] } = {}) => {
    const cursor = parseCursor(c.req.query('after'));
    if (cursor === 'invalid') throw new HTTPException(400, { message: 'This page link is damaged; start again from My Invoices.' });
    const page = await listInvoices(sql, currentUser(c), cursor);
    const props = { csrf: c.get('csrfToken'), flash: c.get('flash'), page, firstPage: cursor === null, maxMegabytes, ...extra };
    return c.render(<MyInvoicesPage {...props} />, { title: 'My Invoices', active: 'invoices' });
  };

  app.get('/', (c) => renderList(c));

  app.post('/uploads', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const files = [body.files].flat().filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    c.header('Vary', 'HX-Request');
    if (files.length === 0) {
      c.status(422);
      return renderList(c, { uploadError: 'Choose one or more e-invoice files to upload.' });
    }
    const user = currentUser(c);
    const outcomes = await storeUploads(sql, files, { user, maxBytes: config.EINVOICE_MAX_BYTES });
    deps.log.info({ by: user.id, files: outcomes.length, rejected: outcomes.filter((o) => o.outcome === 'rejected').length }, 'invoices uploaded');
    if (!c.req.header('hx-request')) return renderList(c, { outcomes });
    const page = await listInvoices(sql, user, null);
    return c.html(
      <>
        <UploadResults outcomes={outcomes} />
        <InvoiceList page={page} firstPage oob />
      </>,
    );
  });

  app.get('/:id', async (c) => {
    const invoice = await findInvoice(sql, currentUser(c), idParam(c));
    if (!invoice) throw notFound();
    const parts = await invoiceParts(sql, invoice.id);
    return c.render(<InvoicePage invoice={invoice} {...parts} />, { title: `Invoice ${invoice.invoiceNumber}`, active: 'invoices' });
  });

  app.get('/:id/original', async (c) => {
    const file = await invoiceOriginal(sql, currentUser(c), idParam(c));
    if (!file) throw notFound();
    return download(c, file, `invoice-${c.req.param('id')}.xml`);
  });

  app.get('/:id/attachments/:attachmentId', async (c) => {
    const file = await invoiceAttachment(sql, currentUser(c), idParam(c), idParam(c, 'attachmentId'));
    if (!file) throw notFound();
    return download(c, file, `attachment-${c.req.param('attachmentId')}`);
  });

  return app;
}
