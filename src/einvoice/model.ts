/** The one invoice model every format is read into. Amounts, quantities and rates are decimal strings. */

export type Decimal = string;
export type Format = 'ubl' | 'cii' | 'fatturapa';
export type DocumentType = 'invoice' | 'credit_note';

export interface Address {
  street: string | null;
  additionalStreet: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
}

export interface Party {
  /** Legal name (EN 16931 BT-27 / BT-44). */
  name: string | null;
  tradingName: string | null;
  vatId: string | null;
  country: string | null;
  /** Electronic address, `scheme:value` when the document gives a scheme. */
  endpointId: string | null;
  address: Address | null;
}

export interface Totals {
  lineNet: Decimal | null;
  allowances: Decimal | null;
  charges: Decimal | null;
  taxExclusive: Decimal | null;
  tax: Decimal | null;
  taxInclusive: Decimal | null;
  prepaid: Decimal | null;
  rounding: Decimal | null;
  withholding: Decimal | null;
  payable: Decimal | null;
}

export interface TaxSubtotal {
  category: string | null;
  rate: Decimal | null;
  taxableAmount: Decimal | null;
  taxAmount: Decimal | null;
}

export interface InvoiceLine {
  lineNumber: string | null;
  name: string | null;
  description: string | null;
  quantity: Decimal | null;
  unitCode: string | null;
  unitPrice: Decimal | null;
  netAmount: Decimal | null;
  taxCategory: string | null;
  taxRate: Decimal | null;
  sellerItemId: string | null;
  standardItemId: string | null;
  orderLineReference: string | null;
}

export interface Attachment {
  filename: string | null;
  mimeType: string | null;
  size: number;
  sha256: string;
  /** The decoded bytes. Non-enumerable, so JSON.stringify leaves it out. */
  readonly content: Uint8Array;
}

export interface Invoice {
  format: Format;
  documentType: DocumentType;
  typeCode: string | null;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string | null;
  currency: string | null;
  seller: Party;
  buyer: Party;
  buyerReference: string | null;
  orderReference: string | null;
  billingReference: string | null;
  paymentTerms: string | null;
  payeeIban: string | null;
  totals: Totals;
  taxBreakdown: TaxSubtotal[];
  lines: InvoiceLine[];
  attachments: Attachment[];
  warnings: string[];
}

export type ReadResult = { ok: true; invoices: Invoice[] } | { ok: false; error: string };

export interface ReadOptions {
  /** Used only to word messages. */
  filename?: string;
  /** Size limit in bytes (EINVOICE_MAX_BYTES, default 20 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
