/* Everything the coding section of the invoice page needs, for the page and for the coding routes' answers. */
import type { CodingPageProps } from '../../views/coding/page';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { activeCodes } from '../master-data/queries';
import { canCodeInvoices, canEditCodingRules } from './access';
import { orderState } from './order-state';
import { codingLines, EDITABLE_STATUSES, type CodingInvoice } from './page-data';

export type SectionContext = { csrf: string; listQuery: string; hasNext: boolean };

export async function codingSectionProps(db: Db, user: CurrentUser, invoice: CodingInvoice, ctx: SectionContext, extra: Partial<CodingPageProps> = {}): Promise<CodingPageProps> {
  const company = invoice.companyId;
  const [lines, glAccount, costCentre, taxCode, order] = await Promise.all([
    codingLines(db, invoice.id),
    company ? activeCodes(db, 'gl-accounts', company) : [],
    company ? activeCodes(db, 'cost-centres', company) : [],
    company ? activeCodes(db, 'tax-codes', company) : [],
    orderState(db, invoice.id),
  ]);
  const canEdit = canCodeInvoices(user) && EDITABLE_STATUSES.includes(invoice.status);
  return { invoice, lines, options: { glAccount, costCentre, taxCode }, canEdit, canEditRules: canEditCodingRules(user), order, ...ctx, ...extra };
}
