/*
 * /api/v1/invoices: what an ERP needs to take approved invoices and answer for them.
 * Reading needs invoices:read; export results and payments need invoices:export.
 */
import { Hono } from 'hono';
import { describeRoute, resolver, validator } from 'hono-openapi';
import type { Db, Sql } from '../db/connection';
import { recordExportResult } from '../erp/results';
import { download } from '../invoices/download';
import { originalBytes, type StoredOriginal } from '../invoices/original';
import { statusLabel } from '../invoices/statuses';
import { findCompanyByKey } from '../purchase-orders/store';
import { queuePaidResponse } from '../responses/decisions';
import { apiCaller, requireScope, tokenLabel } from './auth';
import { idempotency, IDEMPOTENCY_HEADER } from './idempotency';
import { invoiceDetail, listInvoices } from './invoice-json';
import { onInvalid, problem, ProblemSchema } from './problem';
import {
  AttachmentParam, ExportResultAnswer, ExportResultBody, InvoiceDetail, InvoiceIdParam, InvoiceList, InvoiceListQuery, PaymentAnswer, PaymentBody,
} from './schemas';

const json = (schema: Parameters<typeof resolver>[0], description: string) => ({ description, content: { 'application/json': { schema: resolver(schema) } } });
const problemOf = (description: string) => ({ description, content: { 'application/problem+json': { schema: resolver(ProblemSchema) } } });
const auth = { 401: problemOf('No valid token.'), 403: problemOf('The token lacks the scope.') };
/** Paid is recorded for invoices the ERP has (or is getting): approved, exported, export failed. */
const PAYABLE = ['approved', 'exported', 'export_failed'];

export function invoiceApiRoutes(sql: Sql) {
  const app = new Hono();
  const read = requireScope('invoices:read');
  const exportScope = requireScope('invoices:export');

  app.get(
    '/invoices',
    describeRoute({
      tags: ['Invoices'],
      summary: 'List invoices',
      description: 'Every company’s invoices, oldest first, a page at a time: follow `next` until it is null. Filters combine. For an incremental sync keep the time you started and send it as updatedSince next time.',
      security: [{ bearer: ['invoices:read'] }],
      responses: { 200: json(InvoiceList, 'A page of invoices.'), 400: problemOf('A filter or the limit is not valid.'), ...auth },
    }),
    read,
    validator('query', InvoiceListQuery, onInvalid('query')),
    async (c) => {
      const q = c.req.valid('query');
      let companyId: number | undefined;
      if (q.company !== undefined) {
        const found = await findCompanyByKey(sql, q.company);
        if (found === null) return problem(c, 400, `There is no company ${q.company} (use its Pagero company id or VAT number).`, { company: 'Unknown company.' });
        companyId = found;
      }
      const limit = q.limit ?? 50;
      const page = await listInvoices(sql, {
        statuses: q.status?.split(',').map((s) => s.trim()),
        companyId,
        updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
        afterId: q.cursor ? Number(q.cursor) : undefined,
        limit,
      });
      let next: string | null = null;
      if (page.more) {
        const params = new URLSearchParams();
        if (q.status) params.set('status', q.status);
        if (q.company) params.set('company', q.company);
        if (q.updatedSince) params.set('updatedSince', q.updatedSince);
        params.set('limit', String(limit));
        params.set('cursor', String(page.rows.at(-1)!.id));
        next = `/api/v1/invoices?${params}`;
      }
      return c.json({ data: page.rows, next });
    },
  );

  app.get(
    '/invoices/:id',
    describeRoute({
      tags: ['Invoices'],
      summary: 'Get an invoice',
      description: 'Header, supplier, buyer, lines with their coding and split parts, tax breakdown, totals, approvals, payments, and links to the original file and the attachments.',
      security: [{ bearer: ['invoices:read'] }],
      responses: { 200: json(InvoiceDetail, 'The invoice.'), 400: problemOf('The id is not a number.'), 404: problemOf('No such invoice.'), ...auth },
    }),
    read,
    validator('param', InvoiceIdParam, onInvalid('invoice id')),
    async (c) => {
      const id = Number(c.req.valid('param').id);
      const invoice = await invoiceDetail(sql, id);
      return invoice ? c.json(invoice) : notFound(c, id);
    },
  );

  app.get(
    '/invoices/:id/original',
    describeRoute({
      tags: ['Invoices'],
      summary: 'Download the original e-invoice file',
      description: 'The file exactly as it was received (UBL, CII or FatturaPA XML, or a signed .p7m).',
      security: [{ bearer: ['invoices:read'] }],
      responses: {
        200: { description: 'The file, byte for byte.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        400: problemOf('The id is not a number.'),
        404: problemOf('No such invoice.'),
        ...auth,
      },
    }),
    read,
    validator('param', InvoiceIdParam, onInvalid('invoice id')),
    async (c) => {
      const id = Number(c.req.valid('param').id);
      const [file]: [(StoredOriginal & { filename: string | null; contentType: string | null })?] = await sql`
        select d.content, d.content_zstd, d.filename, d.content_type from invoices i join documents d on d.id = i.document_id where i.id = ${id}`;
      return file ? download(c, { content: originalBytes(file), filename: file.filename, contentType: file.contentType }, `invoice-${id}.xml`) : notFound(c, id);
    },
  );

  app.get(
    '/invoices/:id/attachments/:attachmentId',
    describeRoute({
      tags: ['Invoices'],
      summary: 'Download an attachment',
      description: 'A file embedded in the invoice (a PDF rendering, a delivery note, …), as the supplier sent it.',
      security: [{ bearer: ['invoices:read'] }],
      responses: {
        200: { description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        400: problemOf('An id is not a number.'),
        404: problemOf('No such invoice or attachment.'),
        ...auth,
      },
    }),
    read,
    validator('param', AttachmentParam, onInvalid('path')),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const [file]: [{ content: Uint8Array; filename: string | null; contentType: string | null }?] = await sql`
        select content, filename, mime_type as content_type from invoice_attachments where id = ${attachmentId} and invoice_id = ${id}`;
      return file ? download(c, file, `attachment-${attachmentId}`) : problem(c, 404, `Invoice ${id} has no attachment ${attachmentId}.`);
    },
  );

  app.post(
    '/invoices/:id/export-result',
    describeRoute({
      tags: ['Export'],
      summary: 'Report the ERP’s result for an invoice',
      description:
        'For an invoice awaiting export (Approved, or Export failed): `exported` with the ERP’s document id moves it to Exported; `failed` with the ERP’s message moves it to Export failed, where a clerk fixes it and exports it again. The same result twice changes nothing (`changed: false`).',
      security: [{ bearer: ['invoices:export'] }],
      parameters: [IDEMPOTENCY_HEADER],
      responses: {
        200: json(ExportResultAnswer, 'Recorded.'),
        400: problemOf('The body is not valid.'),
        404: problemOf('No such invoice.'),
        409: problemOf('The invoice is not awaiting export, or the same Idempotency-Key is still running.'),
        422: problemOf('The Idempotency-Key was used for a different request.'),
        ...auth,
      },
    }),
    exportScope,
    validator('param', InvoiceIdParam, onInvalid('invoice id')),
    idempotency(sql),
    validator('json', ExportResultBody, onInvalid('body')),
    async (c) => {
      const id = Number(c.req.valid('param').id);
      const body = c.req.valid('json');
      const outcome = await recordExportResult(sql, {
        invoiceId: id,
        outcome: body.outcome,
        erpDocumentId: body.outcome === 'exported' ? body.erpDocumentId : null,
        message: body.outcome === 'failed' ? body.message : null,
        actor: { label: tokenLabel(apiCaller(c)) },
      });
      if (!outcome.ok) {
        if (outcome.problem === 'not_found') return notFound(c, id);
        if (outcome.problem === 'invalid') return problem(c, 400, outcome.message, { [outcome.field]: outcome.message });
        return problem(c, 409, outcome.message);
      }
      const [row] = await sql<{ erpDocumentId: string | null; erpMessage: string | null }[]>`select erp_document_id, erp_message from invoices where id = ${id}`;
      return c.json({ id, status: outcome.status, changed: outcome.changed, erpDocumentId: row!.erpDocumentId, erpMessage: row!.erpMessage });
    },
  );

  app.post(
    '/invoices/:id/payment',
    describeRoute({
      tags: ['Export'],
      summary: 'Report a payment of an invoice',
      description:
        'Records a payment the ERP made (shown in the invoice’s history) and, for invoices that came through Pagero, sends the supplier a Peppol Invoice Response “paid” (PD) once, unless the company turned that off. For Approved, Exported or Export failed invoices.',
      security: [{ bearer: ['invoices:export'] }],
      parameters: [IDEMPOTENCY_HEADER],
      responses: {
        201: json(PaymentAnswer, 'Recorded.'),
        400: problemOf('The body is not valid.'),
        404: problemOf('No such invoice.'),
        409: problemOf('The invoice is not approved or exported, or the same Idempotency-Key is still running.'),
        422: problemOf('The Idempotency-Key was used for a different request.'),
        ...auth,
      },
    }),
    exportScope,
    validator('param', InvoiceIdParam, onInvalid('invoice id')),
    idempotency(sql),
    validator('json', PaymentBody, onInvalid('body')),
    async (c) => {
      const id = Number(c.req.valid('param').id);
      const body = c.req.valid('json');
      const label = tokenLabel(apiCaller(c));
      const result = await sql.begin(async (tx) => recordPayment(tx, id, { ...body, reference: body.reference ?? null }, label));
      if (result === 'not_found') return notFound(c, id);
      if (typeof result === 'string') return problem(c, 409, `Invoice ${id} is ${statusLabel(result)}; payments are recorded for Approved, Exported or Export failed invoices.`);
      return c.json(result, 201);
    },
  );

  return app;
}

const notFound = (c: Parameters<typeof problem>[0], id: number) => problem(c, 404, `There is no invoice ${id}.`);

type Payment = { amount: string; date: string; reference: string | null };

async function recordPayment(tx: Db, invoiceId: number, p: Payment, label: string) {
  const [invoice]: [{ status: string; currency: string | null }?] = await tx`select status, currency from invoices where id = ${invoiceId} for no key update`;
  if (!invoice) return 'not_found' as const;
  if (!PAYABLE.includes(invoice.status)) return invoice.status;
  const [row] = await tx<{ id: number }[]>`
    insert into invoice_payments (invoice_id, amount, paid_on, reference, recorded_by_label)
    values (${invoiceId}, ${p.amount}, ${p.date}, ${p.reference}, ${label}) returning id::int`;
  const note = `${p.amount}${invoice.currency ? ` ${invoice.currency}` : ''} paid on ${p.date}${p.reference ? `, reference ${p.reference}` : ''}`;
  await tx`insert into invoice_events (invoice_id, actor_label, action, reason) values (${invoiceId}, ${label}, 'paid', ${note})`;
  const responseId = await queuePaidResponse(tx, invoiceId, { note });
  let supplierResponse: 'queued' | 'not_sent' | 'none' = 'none';
  if (responseId !== null) {
    const [r] = await tx<{ state: string }[]>`select state from invoice_responses where id = ${responseId}`;
    supplierResponse = r?.state === 'not_sent' ? 'not_sent' : 'queued';
  }
  return { id: row!.id, invoiceId, amount: p.amount, date: p.date, reference: p.reference, supplierResponse };
}
