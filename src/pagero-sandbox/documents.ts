import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SandboxEnv } from './env';
import { pageOf, parsePage } from './paging';
import type { SandboxState } from './state';
import type { StoredDocument } from './types';

/** The document types the contract names; strict (GUESS) so a client asking for an invented one finds out here. */
const KNOWN_DOCUMENT_TYPES = new Set(['Invoice', 'PaymentReminder', 'ApplicationResponse', 'Order', 'OrderResponse', 'DespatchAdvice']);

/** The list item exactly as Pagero's (BC fixture) shape; no sandbox-internal fields leak. */
export function toDocumentItem(doc: StoredDocument) {
  return {
    id: doc.id,
    fileId: doc.fileId,
    createTime: doc.createTime,
    distribution: doc.distribution,
    sendMode: doc.sendMode,
    isFetched: doc.isFetched,
    isSelfBilled: doc.isSelfBilled,
    documentInfo: doc.documentInfo,
    attachments: doc.attachments,
    documentReferences: doc.documentReferences,
    eventDetails: doc.eventDetails,
    validationErrors: doc.validationErrors,
  };
}

const XML_COMPATIBLE = new Set(['application/xml', 'text/xml', 'application/json', '*/*', 'application/*', 'text/*']);

/** BC sends `Accept: application/json` and still reads XML, so only clearly foreign types get a 406. */
function acceptsXml(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return XML_COMPATIBLE.has(type) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function badRequest(c: Context<SandboxEnv>, description: string) {
  return c.json({ error: 'invalid_request', error_description: description }, 400);
}

export function documentRoutes(state: SandboxState): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  const accessibleDocument = (c: Context<SandboxEnv>): StoredDocument | undefined => {
    const doc = state.documents.get(c.req.param('id') ?? '');
    // A document of a company the user cannot see is reported as missing, not forbidden, so ids don't leak.
    return doc && state.userCanAccess(c.get('access').username, doc.companyId) ? doc : undefined;
  };
  const notFound = (c: Context<SandboxEnv>) => c.json({ error: 'not_found', error_description: 'Document not found' }, 404);

  app.get('/documents', (c) => {
    const companyId = c.req.query('companyId');
    if (!companyId) return badRequest(c, 'companyId is required');
    if (!state.userCanAccess(c.get('access').username, companyId)) {
      state.stats.api.forbidden++;
      return c.json({ error: 'forbidden', error_description: 'The user has no access to this company' }, 403);
    }
    const direction = c.req.query('direction');
    if (direction !== undefined && direction !== 'Received' && direction !== 'Sent') return badRequest(c, 'direction must be Received or Sent');
    const showFetchedOnly = c.req.query('showFetchedOnly');
    if (showFetchedOnly !== undefined && showFetchedOnly !== 'true' && showFetchedOnly !== 'false') return badRequest(c, 'showFetchedOnly must be true or false');
    const page = parsePage(c.req.query('limit'), c.req.query('offset'), state.config);
    if ('error' in page) return badRequest(c, page.error);
    const documentTypes = (c.req.queries('documentType') ?? []).filter((t) => t !== '');
    const unknownType = documentTypes.find((t) => !KNOWN_DOCUMENT_TYPES.has(t));
    if (unknownType) return badRequest(c, `documentType ${unknownType} is not a Pagero document type (credit notes are Invoice with the subtype Credit)`);
    const fileId = c.req.query('fileId');
    const referenceDocumentIdentifier = c.req.query('referenceDocumentIdentifier');
    const senderReference = c.req.query('senderReference');

    const matching = state.companyDocuments(companyId).filter(
      (doc) =>
        (direction === undefined || doc.documentInfo.direction === direction) &&
        (documentTypes.length === 0 || documentTypes.includes(doc.documentInfo.documentType)) &&
        (showFetchedOnly === undefined || doc.isFetched === (showFetchedOnly === 'true')) &&
        (fileId === undefined || doc.fileId === fileId) &&
        (referenceDocumentIdentifier === undefined || doc.referenceDocumentIdentifier === referenceDocumentIdentifier) &&
        (senderReference === undefined || doc.senderReference === senderReference),
    );
    const { items, meta } = pageOf(matching, page);
    return c.json({ items: items.map(toDocumentItem), meta });
  });

  app.post('/documents/fetch', async (c) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ error: 'unsupported_media_type', error_description: 'Content-Type must be application/json' }, 415);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return badRequest(c, 'Body is not valid JSON');
    }
    const ids = (body as { ids?: unknown } | null)?.ids;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return badRequest(c, 'Body must be {"ids": [string, ...]}');
    const username = c.get('access').username;
    for (const id of ids as string[]) {
      const doc = state.documents.get(id);
      // Unknown or inaccessible ids are ignored (contract GUESS); marking twice is harmless.
      if (doc && state.userCanAccess(username, doc.companyId) && !doc.isFetched) {
        doc.isFetched = true;
        doc.fetchedAt = state.clock.nowIso();
      }
    }
    return c.json({});
  });

  app.get('/documents/:id', (c) => {
    const doc = accessibleDocument(c);
    return doc ? c.json(toDocumentItem(doc)) : notFound(c);
  });

  app.get('/documents/:id/targetdocument', (c) => {
    const doc = accessibleDocument(c);
    if (!doc) return notFound(c);
    if (!acceptsXml(c.req.header('accept'))) return c.json({ error: 'not_acceptable', error_description: 'The target document is available as XML only' }, 406);
    return c.body(doc.targetDocument() as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/xml' });
  });

  return app;
}
