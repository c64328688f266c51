/* Coding and matching of one invoice: /invoices/:id/coding (full page, no JS needed) and its forms. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CodingPage, CodingSection, StatusBadge, type CodingPageProps } from '../../views/coding/page';
import { LineCoding } from '../../views/coding/line';
import type { Db } from '../db/connection';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { currentUser } from '../http/guards';
import { claimForChange } from '../invoices/lock';
import { matchInvoices } from '../matching/match-invoices';
import { activeCodes } from '../master-data/queries';
import { canCodeInvoices, canEditCodingRules } from './access';
import { applyCodingRules } from './apply-rules';
import { FIELDS, type CodeTexts } from './codes';
import { markHumanEdit } from './codings';
import { applyHeaderCoding, saveLineCoding, saveSplit, type EditResult } from './edit';
import { codingLines, EDITABLE_STATUSES, findCodingInvoice, type CodingInvoice } from './page-data';
import { refreshReadiness } from './readiness';
import type { SplitMode } from './split';

const notFound = () => new HTTPException(404, { message: 'There is no such invoice, or you may not see it.' });
const idOf = (c: Context, name: string) => {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 53) throw notFound();
  return id;
};
const texts = (fields: Record<string, string | string[]>): CodeTexts =>
  Object.fromEntries(FIELDS.map((f) => [f, String([fields[f] ?? ''].flat()[0] ?? '')])) as CodeTexts;
const list = (fields: Record<string, string | string[]>, key: string) => [fields[key] ?? []].flat().map(String);

export function codingRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  /** The invoice if the user may see it (else 404); for changes also the right to code it (else 403). */
  const load = async (c: Context<AppEnv>, forEdit: boolean): Promise<CodingInvoice> => {
    const user = currentUser(c);
    const invoice = await findCodingInvoice(sql, user, idOf(c, 'id'));
    if (!invoice) throw notFound();
    if (!forEdit) return invoice;
    if (!canCodeInvoices(user)) throw new HTTPException(403, { message: 'Only the AP team codes invoices.' });
    if (!EDITABLE_STATUSES.includes(invoice.status)) throw new HTTPException(409, { message: 'This invoice is past review; its coding can no longer change.' });
    if (invoice.companyId === null) throw new HTTPException(409, { message: 'This invoice belongs to no company, so it cannot be coded.' });
    return invoice;
  };
  const lineOf = async (invoice: CodingInvoice, c: Context) => {
    const [line]: [{ id: number; netAmount: string | null }?] = await sql`
      select id::int, net_amount::text from invoice_lines where id = ${idOf(c, 'lineId')} and invoice_id = ${invoice.id}`;
    if (!line) throw notFound();
    return line;
  };
  const pageProps = async (c: Context<AppEnv>, invoice: CodingInvoice, extra: Partial<CodingPageProps> = {}): Promise<CodingPageProps> => {
    const user = currentUser(c);
    const company = invoice.companyId;
    const [lines, glAccount, costCentre, taxCode] = await Promise.all([
      codingLines(sql, invoice.id),
      company ? activeCodes(sql, 'gl-accounts', company) : [],
      company ? activeCodes(sql, 'cost-centres', company) : [],
      company ? activeCodes(sql, 'tax-codes', company) : [],
    ]);
    const canEdit = canCodeInvoices(user) && EDITABLE_STATUSES.includes(invoice.status);
    return { invoice, lines, options: { glAccount, costCentre, taxCode }, csrf: c.get('csrfToken'), canEdit, canEditRules: canEditCodingRules(user), flash: c.get('flash'), ...extra };
  };
  const render = async (c: Context<AppEnv>, invoice: CodingInvoice, extra: Partial<CodingPageProps> = {}) =>
    c.render(<CodingPage {...await pageProps(c, invoice, extra)} />, { title: `Coding: invoice ${invoice.invoiceNumber}`, active: 'invoices' });
  const back = (c: Context, invoice: CodingInvoice, message: string, anchor = '') => {
    setFlash(deps.jar(c), message);
    return c.redirect(`/invoices/${invoice.id}/coding${anchor}`, 303);
  };
  /** Every change runs in a transaction that first claims the invoice (the editing lock of issue 7). */
  const change = <T,>(c: Context<AppEnv>, invoice: CodingInvoice, fn: (tx: Db) => Promise<T>) =>
    sql.begin(async (tx) => {
      const claim = await claimForChange(tx, currentUser(c), invoice.id);
      if (!claim.ok && claim.notFound) throw notFound();
      if (!claim.ok) throw new HTTPException(409, { message: `${claim.holder.name} is editing this invoice; try again when they are done.` });
      return fn(tx);
    });
  const target = (c: Context<AppEnv>, invoice: CodingInvoice) => ({ invoiceId: invoice.id, companyId: invoice.companyId!, userId: currentUser(c).id });

  app.get('/:id/coding', async (c) => {
    const invoice = await load(c, false);
    const split = Number(c.req.query('split'));
    return render(c, invoice, Number.isSafeInteger(split) && split > 0 ? { split: { lineId: split } } : {});
  });

  app.get('/:id/coding/section', async (c) => {
    const invoice = await load(c, false);
    c.header('Vary', 'HX-Request');
    return c.html(<CodingSection {...await pageProps(c, invoice)} />);
  });

  app.post('/:id/coding/lines/:lineId', async (c) => {
    const invoice = await load(c, true);
    const line = await lineOf(invoice, c);
    const given = texts(await formFields(c));
    const result: EditResult = await change(c, invoice, (tx) => saveLineCoding(tx, target(c, invoice), line, given));
    if (result.ok && !c.req.header('hx-request')) return back(c, invoice, 'Line coded.', `#line-${line.id}`);
    c.header('Vary', 'HX-Request');
    if (!result.ok) c.status(422);
    const errors = result.ok ? undefined : result.errors;
    const props = await pageProps(c, (await findCodingInvoice(sql, currentUser(c), invoice.id))!, errors ? { lineErrors: { lineId: line.id, values: given, errors } } : {});
    const view = props.lines.find((l) => l.id === line.id)!;
    if (!c.req.header('hx-request')) return c.render(<CodingPage {...props} />, { title: `Coding: invoice ${invoice.invoiceNumber}`, active: 'invoices' });
    return c.html(
      <>
        <LineCoding invoiceId={invoice.id} line={view} csrf={props.csrf} canEdit={props.canEdit} currency={invoice.currency} errors={errors} values={result.ok ? undefined : given} />
        <StatusBadge status={props.invoice.status} oob />
      </>,
    );
  });

  app.post('/:id/coding/lines/:lineId/split', async (c) => {
    const invoice = await load(c, true);
    const line = await lineOf(invoice, c);
    const fields = await formFields(c);
    const mode: SplitMode = fields.mode === 'amount' ? 'amount' : 'percent';
    const values = list(fields, 'value');
    const parts = values.map((value, i) => ({ value, glAccount: list(fields, 'glAccount')[i] ?? '', costCentre: list(fields, 'costCentre')[i] ?? '', taxCode: list(fields, 'taxCode')[i] ?? '' }));
    const result = await change(c, invoice, (tx) => saveSplit(tx, target(c, invoice), line, mode, parts));
    if (result.ok) return back(c, invoice, 'Split saved.', `#line-${line.id}`);
    c.status(422);
    return render(c, invoice, { split: { lineId: line.id, values: { mode, parts }, errors: result.errors } });
  });

  app.post('/:id/coding/header', async (c) => {
    const invoice = await load(c, true);
    const given = texts(await formFields(c));
    const result = await change(c, invoice, (tx) => applyHeaderCoding(tx, target(c, invoice), given));
    if (result.ok) return back(c, invoice, 'Applied to all lines.');
    c.status(422);
    return render(c, invoice, { header: { values: given, errors: result.errors } });
  });

  app.post('/:id/coding/rule-application', async (c) => {
    const invoice = await load(c, true);
    const { linesCoded } = await change(c, invoice, async (tx) => {
      const result = await applyCodingRules(tx, [invoice.id]);
      if (result.linesCoded) await markHumanEdit(tx, invoice.id);
      await refreshReadiness(tx, [invoice.id]);
      return result;
    });
    return back(c, invoice, linesCoded ? `Coding rules coded ${linesCoded} line${linesCoded === 1 ? '' : 's'}.` : 'No coding rule applies to the lines not coded by hand.');
  });

  app.post('/:id/matching', async (c) => {
    const invoice = await load(c, true);
    await change(c, invoice, async (tx) => {
      await matchInvoices(tx, [invoice.id]);
      await refreshReadiness(tx, [invoice.id]);
    });
    return back(c, invoice, invoice.orderReference ? 'Matched against the purchase order again.' : 'This invoice names no order, so there is nothing to match.');
  });

  return app;
}
