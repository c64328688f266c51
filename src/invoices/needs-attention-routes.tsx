import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NeedsAttentionPage } from '../../views/invoices/needs-attention';
import { canSeeSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { allow, currentUser } from '../http/guards';
import { download } from './download';
import { documentOriginal, listQuarantined, queueRereadOfQuarantined } from './quarantine';
import { rereadDocument } from './store';

const notFound = () => new HTTPException(404, { message: 'There is no such document.' });

const documentId = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1) throw notFound();
  return id;
};

/** Quarantined documents: AP Admins and user admins (the Settings audience) only. */
export function needsAttentionRoutes(deps: Deps) {
  const { sql, config } = deps;
  const limits = { maxBytes: config.EINVOICE_MAX_BYTES };
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeeSettings));

  app.get('/', async (c) => {
    const { documents, total } = await listQuarantined(sql);
    return c.render(<NeedsAttentionPage csrf={c.get('csrfToken')} flash={c.get('flash')} documents={documents} total={total} />, {
      title: 'Needs attention',
      active: 'needs-attention',
    });
  });

  app.get('/documents/:id/original', async (c) => {
    const file = await documentOriginal(sql, documentId(c));
    if (!file) throw notFound();
    return download(c, file, `document-${c.req.param('id')}`);
  });

  // Only a quarantined file is re-read here: re-reading one that was read replaces its invoices, and with them their
  // coding, workflow and history.
  app.post('/documents/:id/rereads', async (c) => {
    const [doc]: [{ status: string }?] = await sql`select status from documents where id = ${documentId(c)}`;
    if (!doc) throw notFound();
    if (doc.status !== 'quarantined') {
      setFlash(deps.jar(c), 'That file was read already; its invoices are in My Invoices.');
      return c.redirect('/needs-attention', 303);
    }
    const result = await rereadDocument(sql, documentId(c), limits);
    if (!result) throw notFound();
    deps.log.info({ documentId: result.documentId, by: currentUser(c).id, quarantined: Boolean(result.quarantined) }, 'document re-read');
    const count = result.invoiceIds.length;
    setFlash(deps.jar(c), result.quarantined
      ? `The file still could not be read: ${result.quarantined}`
      : `The file was read: ${count} invoice${count === 1 ? '' : 's'} moved to My Invoices.`);
    return c.redirect('/needs-attention', 303);
  });

  app.post('/rereads', async (c) => {
    await queueRereadOfQuarantined(sql);
    deps.log.info({ by: currentUser(c).id }, 're-read of quarantined documents queued');
    setFlash(deps.jar(c), 'apdesk is re-reading every quarantined file in the background; files it can now read move to My Invoices.');
    return c.redirect('/needs-attention', 303);
  });

  return app;
}
