/*
 * Coding and matching of one invoice, in place on the invoice page: every form posts here and
 * comes back to /invoices/:id with the list the user came from (its query string, carried in
 * `list_query`), so Previous/Next and "Save & next" keep walking that list. htmx gets fragments
 * (a line, a split form); without JavaScript the same forms post and redirect (or render the
 * invoice page with the errors beside the fields).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CodingSection, StatusBadge, type CodingPageProps } from '../../views/coding/page';
import { LineCoding } from '../../views/coding/line';
import { SplitForm } from '../../views/coding/split';
import type { Db } from '../db/connection';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { parseAmount } from '../format/numbers';
import { formFields, readForm } from '../http/form';
import { FIELD_MESSAGE, hasControlCharacters } from '../security/control-characters';
import { currentUser } from '../http/guards';
import { withCustomPlans } from '../invoices/custom-plans';
import { filterQuery, type Filters } from '../invoices/filters';
import { invoicePage } from '../invoices/invoice-routes';
import { listNeighbours } from '../invoices/list-query';
import { claimForChange } from '../invoices/lock';
import { carriedFilters, listFilters, listPath } from '../invoices/params';
import { matchInvoices } from '../matching/match-invoices';
import { canCodeInvoices } from './access';
import { applyCodingRules } from './apply-rules';
import { FIELDS, type CodeTexts } from './codes';
import { markHumanEdit } from './codings';
import { applyHeaderCoding, saveLineCoding, saveSplit, type EditResult } from './edit';
import { EDITABLE_STATUSES, findCodingInvoice, type CodingInvoice } from './page-data';
import { readinessMessage, refreshReadiness, type ReadinessChange } from './readiness';
import { codingSectionProps } from './section-data';
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
/** A form with a control character in a field is not saved: the errors (readForm's) shown beside the fields. */
const refused = (errors: Record<string, string | undefined>): EditResult => ({ ok: false, errors: errors as Record<string, string> });

/** The split's control-character errors by part ("glAccount.1"), as the split form shows its errors; the parsed body is Hono's cached one. */
async function badParts(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const errors: Record<string, string> = {};
  for (const key of ['value', ...FIELDS]) {
    [body[key] ?? []].flat().forEach((x, i) => typeof x === 'string' && hasControlCharacters(x) && (errors[`${key}.${i}`] = FIELD_MESSAGE));
  }
  return Object.keys(errors).length > 0 ? errors : { form: FIELD_MESSAGE };
}

const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
const withQuery = (path: string, query: string) => `${path}${query ? `?${query}` : ''}`;

export function codingRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const renderInvoice = invoicePage(deps);

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
  const nextOf = async (c: Context<AppEnv>, f: Filters, id: number) => (await withCustomPlans(sql, (tx) => listNeighbours(tx, currentUser(c), f, id))).next;
  const sectionProps = async (c: Context<AppEnv>, invoice: CodingInvoice, f: Filters, extra: Partial<CodingPageProps> = {}) =>
    codingSectionProps(sql, currentUser(c), invoice, { csrf: c.get('csrfToken'), listQuery: filterQuery(f), hasNext: (await nextOf(c, f, invoice.id)) !== null }, extra);

  /** After a change: the flash (with any automatic status move) and back to the invoice, or on to the next one of the list. */
  /** `reload`: htmx is sent to the whole page (a line's answer when the invoice moved or "& next"); else a redirect, which htmx follows. */
  const done = async (c: Context<AppEnv>, invoice: CodingInvoice, f: Filters, message: string, opts: { changes?: ReadinessChange[]; anchor?: string; next?: boolean; reload?: boolean } = {}) => {
    const moved = readinessMessage(opts.changes ?? []);
    const next = opts.next ? await nextOf(c, f, invoice.id) : null;
    // moving on, the flash is read on another invoice's page: it names the one it is about
    const about = opts.next ? `Invoice ${invoice.invoiceNumber}: ` : '';
    setFlash(deps.jar(c), about + [message, moved, opts.next && next === null ? 'That was the last invoice of your list.' : null].filter(Boolean).join(' '));
    const query = filterQuery(f);
    const url = opts.next ? withQuery(next === null ? listPath(f) : `/invoices/${next}`, query) : `${withQuery(`/invoices/${invoice.id}`, query)}${opts.anchor ?? ''}`;
    if (isHtmx(c) && (opts.reload || opts.next)) {
      // htmx loads the page like a boosted link (the flash, the new status and its actions come with it).
      // the next invoice opens at its top, where the flash says what happened to this one; the same invoice keeps its place
      c.header('HX-Location', JSON.stringify({ path: url.split('#')[0], target: 'body', ...(opts.next ? { swap: 'innerHTML show:window:top' } : {}) }));
      return c.body(null, 200);
    }
    return c.redirect(url, 303);
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

  // The coding page of before: coding happens on the invoice page now.
  app.get('/:id/coding', async (c) => {
    const invoice = await load(c, false);
    const { filters } = listFilters(c.req.query());
    const split = Number(c.req.query('split'));
    const query = [filterQuery(filters), Number.isSafeInteger(split) && split > 0 ? `split=${split}` : ''].filter(Boolean).join('&');
    return c.redirect(`${withQuery(`/invoices/${invoice.id}`, query)}#${split > 0 ? `line-${split}` : 'line-coding'}`, 303);
  });

  app.get('/:id/coding/section', async (c) => {
    const invoice = await load(c, false);
    c.header('Vary', 'HX-Request');
    return c.html(<CodingSection {...await sectionProps(c, invoice, listFilters(c.req.query()).filters)} />);
  });

  // One line's view (htmx: "Cancel" on its split form), and its split form in its place.
  app.get('/:id/coding/lines/:lineId', async (c) => {
    const invoice = await load(c, false);
    const line = await lineOf(invoice, c);
    const { filters } = listFilters(c.req.query());
    c.header('Vary', 'HX-Request');
    if (!isHtmx(c)) return c.redirect(`${withQuery(`/invoices/${invoice.id}`, filterQuery(filters))}#line-${line.id}`, 303);
    const props = await sectionProps(c, invoice, filters);
    const view = props.lines.find((l) => l.id === line.id)!;
    const poMissing = props.order?.reference != null && props.order.purchaseOrderId === null;
    return c.html(<LineCoding invoiceId={invoice.id} line={view} csrf={props.csrf} canEdit={props.canEdit} currency={invoice.currency} listQuery={props.listQuery} hasNext={props.hasNext} poMissing={poMissing} />);
  });

  app.get('/:id/coding/lines/:lineId/split', async (c) => {
    const invoice = await load(c, true);
    const line = await lineOf(invoice, c);
    const { filters } = listFilters(c.req.query());
    c.header('Vary', 'HX-Request');
    if (!isHtmx(c)) return c.redirect(`${withQuery(`/invoices/${invoice.id}`, [filterQuery(filters), `split=${line.id}`].filter(Boolean).join('&'))}#line-${line.id}`, 303);
    const props = await sectionProps(c, invoice, filters);
    return c.html(<SplitForm invoiceId={invoice.id} line={props.lines.find((l) => l.id === line.id)!} csrf={props.csrf} currency={invoice.currency} listQuery={props.listQuery} />);
  });

  app.post('/:id/coding/lines/:lineId', async (c) => {
    const invoice = await load(c, true);
    const line = await lineOf(invoice, c);
    const { fields, invalid } = await readForm(c);
    const { filters } = carriedFilters(fields.list_query);
    const given = texts(fields);
    const result: EditResult = Object.keys(invalid).length > 0 ? refused(invalid) : await change(c, invoice, (tx) => saveLineCoding(tx, target(c, invoice), line, given));
    c.header('Vary', 'HX-Request');
    if (result.ok && (fields.then === 'next' || !isHtmx(c) || result.changes.length > 0)) {
      return done(c, invoice, filters, 'Line coded.', { changes: result.changes, anchor: `#line-${line.id}`, next: fields.then === 'next', reload: true });
    }
    if (!result.ok) c.status(422);
    const lineErrors = result.ok ? undefined : { lineId: line.id, values: given, errors: result.errors };
    if (!isHtmx(c)) return renderInvoice(c, invoice.id, filters, { coding: { lineErrors } });
    const props = await sectionProps(c, (await findCodingInvoice(sql, currentUser(c), invoice.id))!, filters);
    const view = props.lines.find((l) => l.id === line.id)!;
    return c.html(
      <>
        <LineCoding invoiceId={invoice.id} line={view} csrf={props.csrf} canEdit={props.canEdit} currency={invoice.currency} errors={lineErrors?.errors} values={lineErrors?.values}
          listQuery={props.listQuery} hasNext={props.hasNext} poMissing={props.order?.reference != null && props.order.purchaseOrderId === null} />
        <StatusBadge status={props.invoice.status} oob />
      </>,
    );
  });

  app.post('/:id/coding/lines/:lineId/split', async (c) => {
    const invoice = await load(c, true);
    const line = await lineOf(invoice, c);
    const { fields, invalid } = await readForm(c);
    const { filters } = carriedFilters(fields.list_query);
    const mode: SplitMode = fields.mode === 'amount' ? 'amount' : 'percent';
    const values = list(fields, 'value');
    const parts = values.map((value, i) => ({ value, glAccount: list(fields, 'glAccount')[i] ?? '', costCentre: list(fields, 'costCentre')[i] ?? '', taxCode: list(fields, 'taxCode')[i] ?? '' }));
    // typed the reader's way ("33,5", "1.250,50" in de-DE); what does not read stays as typed, for the error beside it
    const read = parts.map((p) => ({ ...p, value: parseAmount(p.value) ?? p.value }));
    const result = Object.keys(invalid).length > 0 ? refused(await badParts(c)) : await change(c, invoice, (tx) => saveSplit(tx, target(c, invoice), line, mode, read));
    c.header('Vary', 'HX-Request');
    if (result.ok && (!isHtmx(c) || result.changes.length > 0)) return done(c, invoice, filters, 'Split saved.', { changes: result.changes, anchor: `#line-${line.id}`, reload: true });
    const props = await sectionProps(c, (await findCodingInvoice(sql, currentUser(c), invoice.id))!, filters);
    const view = props.lines.find((l) => l.id === line.id)!;
    if (result.ok) {
      return c.html(<><LineCoding invoiceId={invoice.id} line={view} csrf={props.csrf} canEdit={props.canEdit} currency={invoice.currency} listQuery={props.listQuery} hasNext={props.hasNext} /><StatusBadge status={props.invoice.status} oob /></>);
    }
    c.status(422);
    const split = { lineId: line.id, values: { mode, parts }, errors: result.errors };
    if (!isHtmx(c)) return renderInvoice(c, invoice.id, filters, { coding: { split } });
    return c.html(<SplitForm invoiceId={invoice.id} line={view} csrf={props.csrf} currency={invoice.currency} listQuery={props.listQuery} values={split.values} errors={split.errors} />);
  });

  app.post('/:id/coding/header', async (c) => {
    const invoice = await load(c, true);
    const { fields, invalid } = await readForm(c);
    const { filters } = carriedFilters(fields.list_query);
    const given = texts(fields);
    const result = Object.keys(invalid).length > 0 ? refused(invalid) : await change(c, invoice, (tx) => applyHeaderCoding(tx, target(c, invoice), given));
    if (result.ok) return done(c, invoice, filters, 'Applied to all lines.', { changes: result.changes, anchor: '#line-coding' });
    c.status(422);
    return renderInvoice(c, invoice.id, filters, { coding: { header: { values: given, errors: result.errors } } });
  });

  app.post('/:id/coding/rule-application', async (c) => {
    const invoice = await load(c, true);
    const { filters } = carriedFilters((await formFields(c)).list_query);
    const { linesCoded, changes } = await change(c, invoice, async (tx) => {
      const result = await applyCodingRules(tx, [invoice.id]);
      if (result.linesCoded) await markHumanEdit(tx, invoice.id);
      return { ...result, changes: await refreshReadiness(tx, [invoice.id]) };
    });
    const message = linesCoded ? `Coding rules coded ${linesCoded} line${linesCoded === 1 ? '' : 's'}.` : 'No coding rule applies to the lines not coded by hand.';
    return done(c, invoice, filters, message, { changes, anchor: '#line-coding' });
  });

  app.post('/:id/matching', async (c) => {
    const invoice = await load(c, true);
    const { filters } = carriedFilters((await formFields(c)).list_query);
    const changes = await change(c, invoice, async (tx) => {
      await matchInvoices(tx, [invoice.id]);
      return refreshReadiness(tx, [invoice.id]);
    });
    const message = invoice.orderReference ? 'Matched against the purchase order again.' : 'This invoice names no order, so there is nothing to match.';
    return done(c, invoice, filters, message, { changes, anchor: '#line-coding' });
  });

  return app;
}
