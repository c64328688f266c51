/*
 * The File API (pagero-api.md §2.4, §5.3): uploads, their fileparts, Restart and Cancel.
 * An ApplicationResponse is checked on arrival (response-check.ts); a failing one gets a
 * filepart in Error with the reasons. Every accepted upload also shows as a Sent document
 * of the company carrying its senderReference (GUESS: how a client learns whether a file
 * whose answer it lost arrived). Everything received is kept for tests and the /responses page.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SandboxEnv } from './env';
import { checkUploadedResponse } from './response-check';
import type { SandboxState } from './state';
import type { SandboxFile } from './types';

const DOCUMENT_TYPES = new Set(['Invoice', 'PaymentReminder', 'ApplicationResponse']);
const SEND_MODES = new Set(['Prod', 'Test', 'Cert']);
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function bad(c: Context<SandboxEnv>, description: string, status: 400 | 413 | 415 = 400) {
  return c.json({ error: 'invalid_request', error_description: description }, status);
}

/** Processes (or re-processes after Restart) a file's part: checks, then Done, or the injected outcome. */
export function processFile(state: SandboxState, file: SandboxFile, restart = false) {
  const part = file.filepart;
  if (file.documentType === 'ApplicationResponse') {
    const { read, errors } = checkUploadedResponse(state, file.companyId, file.xml);
    file.response = read;
    if (errors.length > 0) {
      Object.assign(part, { status: 'Error', errors });
      return;
    }
  }
  const injected = restart ? undefined : state.takeFileOutcome();
  if (injected) {
    Object.assign(part, { status: injected.outcome, errors: injected.outcome === 'Processing' ? [] : [injected.description], pollsLeft: injected.polls });
    return;
  }
  Object.assign(part, { status: 'Done', errors: [], doneAt: state.clock.nowIso() });
}

export function fileRoutes(state: SandboxState): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  // The limit counts the bytes as they arrive, so a chunked body without Content-Length is cut off too.
  app.post('/files', bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => bad(c, 'The file is larger than 10 MB', 413) }), async (c) => {
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) return bad(c, 'Content-Type must be multipart/form-data', 415);
    let body: Record<string, string | File>;
    try {
      body = await c.req.parseBody();
    } catch {
      return bad(c, 'The multipart body cannot be read');
    }
    const payload = body.payload;
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    if (!(payload instanceof File)) return bad(c, 'payload (the file) is required');
    if (payload.size > MAX_UPLOAD_BYTES) return bad(c, 'The file is larger than 10 MB', 413);
    const documentType = field('documentType');
    if (!DOCUMENT_TYPES.has(documentType)) return bad(c, `documentType must be one of ${[...DOCUMENT_TYPES].join(', ')}`);
    const sendMode = field('sendMode');
    if (!SEND_MODES.has(sendMode)) return bad(c, 'sendMode must be Prod, Test or Cert');
    const companyId = field('sendingCompanyId');
    if (!companyId) return bad(c, 'sendingCompanyId is required');
    if (!state.userCanAccess(c.get('access').username, companyId)) {
      state.stats.api.forbidden++;
      return c.json({ error: 'forbidden', error_description: 'The user has no access to this company' }, 403);
    }
    const senderReference = field('senderReference') || null;
    const xml = new TextDecoder().decode(await payload.arrayBuffer());
    const file = state.addFile({ companyId, documentType, sendMode, senderReference, filename: payload.name, xml, username: c.get('access').username });
    processFile(state, file);
    return c.json({ id: file.id }, 201);
  });

  app.get('/files/:fileId/fileparts', (c) => {
    const file = state.files.get(c.req.param('fileId'));
    if (!file || !state.userCanAccess(c.get('access').username, file.companyId)) return c.json({ error: 'not_found', error_description: 'File not found' }, 404);
    const wanted = (c.req.queries('Status') ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const part = file.filepart;
    if (part.status === 'Processing' && part.pollsLeft !== undefined) {
      // Processing for a few listings, then done (fault injection's "Processing" outcome).
      if (part.pollsLeft <= 0) Object.assign(part, { status: 'Done', doneAt: state.clock.nowIso() });
      else part.pollsLeft--;
    }
    // A successfully processed (or cancelled) part no longer appears, as in BC's fixtures.
    const visible = part.status !== 'Done' && part.status !== 'Cancelled' && (wanted.length === 0 || wanted.includes(part.status));
    const items = visible ? [{ id: part.id, fileId: file.id, status: part.status, error: part.status === 'Processing' ? null : { description: part.errors } }] : [];
    return c.json({ items, meta: { offset: 0, total: items.length } });
  });

  app.post('/fileparts/:id/action', async (c) => {
    const file = state.fileByPart(c.req.param('id'));
    if (!file || !state.userCanAccess(c.get('access').username, file.companyId)) return c.json({ error: 'not_found', error_description: 'Filepart not found' }, 404);
    let action: unknown;
    try {
      action = ((await c.req.json()) as { action?: unknown } | null)?.action;
    } catch {
      return bad(c, 'Body must be {"action":"Restart"|"Cancel"}');
    }
    if (action !== 'Restart' && action !== 'Cancel') return bad(c, 'action must be Restart or Cancel');
    file.actions.push({ action, at: state.clock.nowIso() });
    if (file.filepart.status === 'Done' || file.filepart.status === 'Cancelled') return c.json({});
    if (action === 'Cancel') file.filepart.status = 'Cancelled';
    else processFile(state, file, true);
    return c.json({});
  });

  return app;
}
