/* What the coding section shows: the invoice (if the user may see it), its lines, their coding and match. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';
import type { CodeEntry } from './codes';

export type CodingInvoice = {
  id: number; invoiceNumber: string; documentType: string; sellerName: string | null; sellerVatId: string | null;
  companyId: number | null; companyName: string | null; status: string; orderReference: string | null; currency: string | null;
};
export type CodeRef = { code: string; name: string; active: boolean } | null;
export type PartView = {
  amount: string; percent: string | null; glAccount: CodeRef; costCentre: CodeRef; taxCode: CodeRef;
  source: string; ruleId: number | null; ruleSupplier: string | null;
};
export type MatchView = {
  outcome: string; matchedBy: string | null; mode: string; poLineNumber: string | null; invoiceQuantity: string | null; invoiceUnitPrice: string | null;
  poQuantity: string | null; poUnitPrice: string | null; previouslyInvoiced: string | null; receivedQuantity: string | null;
  priceVariancePercent: string | null; amountVariance: string | null;
};
export type CodingLine = {
  id: number; lineNumber: string | null; name: string | null; description: string | null; quantity: string | null; unitCode: string | null;
  unitPrice: string | null; netAmount: string | null; sellerItemId: string | null; parts: PartView[]; match: MatchView | null;
};

export const EDITABLE_STATUSES = ['received', 'in_review', 'ready', 'on_hold'];

export async function findCodingInvoice(db: Db, user: CurrentUser, id: number): Promise<CodingInvoice | undefined> {
  const [row]: [CodingInvoice?] = await db`
    select i.id::int, i.invoice_number, i.document_type, i.seller_name, i.seller_vat_id, i.company_id::int, c.name as company_name,
           i.status, i.order_reference, i.currency
    from invoices i left join pagero_companies c on c.id = i.company_id
    where i.id = ${id} and ${visibleInvoices(db, user)}`;
  return row;
}

const ref = (alias: string) => `case when ${alias}.id is null then null else json_build_object('code', ${alias}.code, 'name', ${alias}.name, 'active', ${alias}.active) end`;

export async function codingLines(db: Db, invoiceId: number): Promise<CodingLine[]> {
  return db<CodingLine[]>`
    select l.id::int, l.line_number, l.name, l.description, l.quantity::text, l.unit_code, l.unit_price::text, l.net_amount::text, l.seller_item_id,
      coalesce((
        select json_agg(json_build_object(
          'amount', c.amount::text, 'percent', c.percent::text, 'source', c.source, 'ruleId', c.coding_rule_id, 'ruleSupplier', r.supplier,
          'glAccount', ${db.unsafe(ref('g'))}, 'costCentre', ${db.unsafe(ref('cc'))}, 'taxCode', ${db.unsafe(ref('t'))}) order by c.position)
        from invoice_line_codings c
        left join gl_accounts g on g.id = c.gl_account_id
        left join cost_centres cc on cc.id = c.cost_centre_id
        left join tax_codes t on t.id = c.tax_code_id
        left join coding_rules r on r.id = c.coding_rule_id
        where c.invoice_line_id = l.id), '[]') as parts,
      (select json_build_object(
          'outcome', m.outcome, 'matchedBy', m.matched_by, 'mode', m.mode, 'poLineNumber', pl.line_number,
          'invoiceQuantity', m.invoice_quantity::text, 'invoiceUnitPrice', m.invoice_unit_price::text, 'poQuantity', m.po_quantity::text,
          'poUnitPrice', m.po_unit_price::text, 'previouslyInvoiced', m.previously_invoiced::text, 'receivedQuantity', m.received_quantity::text,
          'priceVariancePercent', m.price_variance_percent::text, 'amountVariance', m.amount_variance::text)
        from invoice_line_matches m left join purchase_order_lines pl on pl.id = m.purchase_order_line_id
        where m.invoice_line_id = l.id) as match
    from invoice_lines l where l.invoice_id = ${invoiceId} order by l.position`;
}

export type CodeOptions = Record<'glAccount' | 'costCentre' | 'taxCode', CodeEntry[]>;
