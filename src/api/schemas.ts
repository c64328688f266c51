/*
 * The API's shapes, as valibot schemas: the request schemas validate what comes in, and all
 * of them generate the OpenAPI document (hono-openapi + @valibot/to-json-schema), so the
 * documentation cannot drift from what the server checks. Amounts are decimal strings.
 */
import * as v from 'valibot';
import { isDecimal } from '../einvoice/decimal';
import { ERP_DOCUMENT_ID_MAX, ERP_MESSAGE_MAX } from '../erp/results';
import { isRealDate, NO_SUCH_DATE } from '../security/dates';
import { STATUSES } from '../invoices/statuses';

export const LIMIT_MAX = 200;

const decimalOut = v.pipe(v.string(), v.description('Decimal number as a string, e.g. "1234.50".'));
const nDecimal = v.nullable(decimalOut);
const nString = v.nullable(v.string());
const date = v.pipe(v.string(), v.description('ISO date, e.g. 2026-03-31.'));
const dateTime = v.pipe(v.string(), v.description('ISO 8601 date-time in UTC.'));

// ---- requests

export const InvoiceListQuery = v.object({
  status: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s.split(',').every((x) => (STATUSES as readonly string[]).includes(x.trim())), `Use one or more of ${STATUSES.join(', ')}, separated by commas.`),
      v.description(`Only invoices in these statuses (comma-separated): ${STATUSES.join(', ')}.`),
    ),
  ),
  company: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty('Name a company.'), v.maxLength(100), v.description('Only this company: its Pagero company id or VAT number.'))),
  updatedSince: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'Use an ISO 8601 date-time with a time zone, such as 2026-03-01T00:00:00Z.'),
      v.description('Only invoices changed at or after this instant (ISO 8601 with time zone).'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, `limit is a whole number from 1 to ${LIMIT_MAX}.`),
      v.transform(Number),
      v.minValue(1, `limit is a whole number from 1 to ${LIMIT_MAX}.`),
      v.maxValue(LIMIT_MAX, `limit is at most ${LIMIT_MAX}.`),
      v.description(`Invoices per page, 1–${LIMIT_MAX} (default 50).`),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'cursor comes from a previous answer’s next link.'), v.description('Where the page starts: from the previous answer’s `next`.'))),
});

export const InvoiceIdParam = v.object({
  id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'The invoice id is a positive whole number.'), v.description('The invoice id.')),
});
export const AttachmentParam = v.object({
  ...InvoiceIdParam.entries,
  attachmentId: v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'The attachment id is a positive whole number.'), v.description('The attachment id, from the invoice’s attachments.')),
});

export const ExportResultBody = v.pipe(
  v.variant(
    'outcome',
    [
      v.object({
        outcome: v.literal('exported'),
        erpDocumentId: v.pipe(v.string('Send the ERP’s document id as a string.'), v.trim(), v.nonEmpty('Send the ERP’s document id.'), v.maxLength(ERP_DOCUMENT_ID_MAX, `Use at most ${ERP_DOCUMENT_ID_MAX} characters.`), v.description('The ERP’s id of the booked invoice; shown on the invoice page.')),
      }),
      v.object({
        outcome: v.literal('failed'),
        message: v.pipe(v.string('Send the ERP’s message as a string.'), v.trim(), v.nonEmpty('Say why the ERP refused it.'), v.maxLength(ERP_MESSAGE_MAX, `Use at most ${ERP_MESSAGE_MAX} characters.`), v.description('What the ERP said; shown to the clerk under “From your ERP”.')),
      }),
    ],
    'outcome is "exported" (with erpDocumentId) or "failed" (with message).',
  ),
  v.description('The ERP’s answer for one invoice.'),
);

export const PaymentBody = v.object({
  amount: v.pipe(
    v.string('Send the amount as a decimal string, such as "1250.00".'),
    v.trim(),
    v.check(isDecimal, 'The amount is not a decimal number.'),
    v.check((s) => Number(s) > 0 && s.replace(/^-/, '').split('.')[0]!.length <= 15, 'The amount must be more than 0 (at most 15 digits before the point).'),
    v.description('Amount paid, in the invoice currency, as a decimal string.'),
  ),
  date: v.pipe(v.string('Send the payment date as a string.'), v.isoDate('Use a date like 2026-03-31.'), v.check(isRealDate, NO_SUCH_DATE), v.description('The day it was paid.')),
  reference: v.optional(v.pipe(v.string('Send the reference as a string.'), v.trim(), v.nonEmpty('Leave reference out rather than empty.'), v.maxLength(200, 'Use at most 200 characters.'), v.description('The ERP’s payment reference.'))),
});

// ---- responses

const CompanyOut = v.nullable(v.object({ id: v.number(), pageroCompanyId: v.string(), name: v.string() }));
const Links = v.object({ self: v.string() });

export const InvoiceSummary = v.object({
  id: v.pipe(v.number(), v.integer()),
  number: v.string(),
  documentType: v.picklist(['invoice', 'credit_note']),
  status: v.picklist(STATUSES),
  company: CompanyOut,
  supplier: v.object({ name: nString, vatId: nString }),
  issueDate: date,
  dueDate: v.nullable(date),
  currency: nString,
  totals: v.object({ taxExclusive: nDecimal, tax: nDecimal, taxInclusive: nDecimal, payable: nDecimal }),
  erpDocumentId: nString,
  receivedAt: dateTime,
  updatedAt: dateTime,
  links: Links,
});

export const InvoiceList = v.object({
  data: v.array(InvoiceSummary),
  next: v.pipe(v.nullable(v.string()), v.description('The URL of the next page, or null on the last page.')),
});

const Party = v.object({ name: nString, tradingName: nString, vatId: nString, country: nString, endpointId: nString, address: v.nullable(v.record(v.string(), nString)) });
const Code = v.nullable(v.object({ code: v.string(), name: v.string() }));

export const InvoiceDetail = v.object({
  ...InvoiceSummary.entries,
  format: v.picklist(['ubl', 'cii', 'fatturapa']),
  typeCode: nString,
  buyerReference: nString,
  orderReference: nString,
  billingReference: nString,
  paymentTerms: nString,
  payeeIban: nString,
  supplier: Party,
  buyer: Party,
  statusReason: nString,
  erpMessage: v.pipe(nString, v.description('What the ERP said when the export failed.')),
  exportedAt: v.nullable(dateTime),
  totals: v.object({
    lineNet: nDecimal, allowances: nDecimal, charges: nDecimal, taxExclusive: nDecimal, tax: nDecimal, taxInclusive: nDecimal,
    prepaid: nDecimal, rounding: nDecimal, withholding: nDecimal, payable: nDecimal,
  }),
  lines: v.array(
    v.object({
      position: v.number(),
      lineNumber: nString,
      name: nString,
      description: nString,
      quantity: nDecimal,
      unitCode: nString,
      unitPrice: nDecimal,
      netAmount: nDecimal,
      taxCategory: nString,
      taxRate: nDecimal,
      sellerItemId: nString,
      standardItemId: nString,
      orderLineReference: nString,
      coding: v.pipe(
        v.array(v.object({ amount: decimalOut, percent: nDecimal, glAccount: Code, costCentre: Code, taxCode: Code })),
        v.description('The line’s coding: one part, or several when the line is split (their amounts add up to the net amount).'),
      ),
    }),
  ),
  taxBreakdown: v.array(v.object({ category: nString, rate: nDecimal, taxableAmount: nDecimal, taxAmount: nDecimal })),
  approvals: v.pipe(
    v.array(v.object({ approvedBy: nString, approvedAt: dateTime, step: v.pipe(nString, v.description('The approval chain’s step this sign-off was for.')) })),
    v.description('Who signed it off and when: each step of its approval chain.'),
  ),
  payments: v.array(v.object({ amount: decimalOut, date: date, reference: nString, recordedAt: dateTime })),
  original: v.object({ filename: nString, contentType: nString, href: v.string() }),
  attachments: v.array(v.object({ id: v.number(), filename: nString, mimeType: nString, sizeBytes: v.number(), href: v.string() })),
});

export const ExportResultAnswer = v.object({
  id: v.number(),
  status: v.picklist(['exported', 'export_failed']),
  changed: v.pipe(v.boolean(), v.description('false when this exact result had already been recorded.')),
  erpDocumentId: nString,
  erpMessage: nString,
});

export const PaymentAnswer = v.object({
  id: v.pipe(v.number(), v.description('The payment’s id.')),
  invoiceId: v.number(),
  amount: decimalOut,
  date: date,
  reference: nString,
  supplierResponse: v.pipe(v.picklist(['queued', 'not_sent', 'none']), v.description('Whether a Peppol Invoice Response “paid” (PD) goes to the supplier.')),
});
