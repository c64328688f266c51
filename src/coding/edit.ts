/*
 * A person's coding changes. Each runs in a transaction, marks the invoice as touched by a
 * person (so it no longer counts as touchless) and then checks whether it became Ready.
 */
import type { Db } from '../db/connection';
import { FIELDS, idKey, loadCodeBook, resolveCodes, type CodeIds, type CodeTexts, type Field } from './codes';
import { markHumanEdit, replaceLineCodings, type CodingPart } from './codings';
import { refreshReadiness, type ReadinessChange } from './readiness';
import { splitLine, type SplitMode, type SplitPartInput } from './split';

/** `changes`: the status moves the edit caused (Ready, or back to In review), so the page can say so. */
export type EditResult = { ok: true; changes: ReadinessChange[] } | { ok: false; errors: Record<string, string> };
type Target = { invoiceId: number; companyId: number; userId: number };
type LineRow = { id: number; netAmount: string | null };

async function currentIds(db: Db, lineIds: number[]): Promise<CodeIds[]> {
  return db<CodeIds[]>`
    select gl_account_id::int, cost_centre_id::int, tax_code_id::int from invoice_line_codings where invoice_line_id = any(${lineIds}::bigint[])`;
}

async function finish(db: Db, t: Target): Promise<EditResult> {
  await markHumanEdit(db, t.invoiceId);
  return { ok: true, changes: await refreshReadiness(db, [t.invoiceId]) };
}

/** Codes a line with one coding (its whole amount); all three empty removes its coding. */
export async function saveLineCoding(db: Db, t: Target, line: LineRow, texts: CodeTexts): Promise<EditResult> {
  const book = await loadCodeBook(db, t.companyId);
  const { ids, errors } = resolveCodes(book, texts, await currentIds(db, [line.id]));
  if (Object.keys(errors).length) return { ok: false, errors };
  if (FIELDS.every((f) => !texts[f].trim())) await db`delete from invoice_line_codings where invoice_line_id = ${line.id}`;
  else await replaceLineCodings(db, [{ lineId: line.id, parts: [{ ...ids, amount: line.netAmount ?? '0', percent: '100' }], meta: { source: 'manual', userId: t.userId } }]);
  return finish(db, t);
}

export async function saveSplit(db: Db, t: Target, line: LineRow, mode: SplitMode, inputs: SplitPartInput[]): Promise<EditResult> {
  const split = splitLine(line.netAmount ?? '0', mode, inputs);
  if (!split.ok) return split;
  const book = await loadCodeBook(db, t.companyId);
  const already = await currentIds(db, [line.id]);
  const errors: Record<string, string> = {};
  const nonBlank = inputs.map((p, i) => ({ p, i })).filter(({ p }) => p.value.trim() || p.glAccount.trim() || p.costCentre.trim() || p.taxCode.trim());
  const parts: CodingPart[] = split.parts.map((part, n) => {
    const resolved = resolveCodes(book, part, already);
    for (const [f, message] of Object.entries(resolved.errors)) errors[`${f}.${nonBlank[n]!.i}`] = message;
    return { ...resolved.ids, amount: part.amount, percent: part.percent };
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  await replaceLineCodings(db, [{ lineId: line.id, parts, meta: { source: 'manual', userId: t.userId } }]);
  return finish(db, t);
}

/** Header defaults: the given codes go on every line (every part); empty fields change nothing. */
export async function applyHeaderCoding(db: Db, t: Target, texts: CodeTexts): Promise<EditResult> {
  const given = FIELDS.filter((f) => texts[f].trim());
  if (given.length === 0) return { ok: false, errors: { form: 'Enter at least one code to apply to all lines.' } };
  const lines = await db<LineRow[]>`select id::int, net_amount::text from invoice_lines where invoice_id = ${t.invoiceId} order by position`;
  const book = await loadCodeBook(db, t.companyId);
  const { ids, errors } = resolveCodes(book, texts, await currentIds(db, lines.map((l) => l.id)));
  if (Object.keys(errors).length) return { ok: false, errors };
  const set = (f: Field) => given.includes(f);
  await db`
    update invoice_line_codings c set
      gl_account_id = case when ${set('glAccount')} then ${ids.glAccountId}::bigint else c.gl_account_id end,
      cost_centre_id = case when ${set('costCentre')} then ${ids.costCentreId}::bigint else c.cost_centre_id end,
      tax_code_id = case when ${set('taxCode')} then ${ids.taxCodeId}::bigint else c.tax_code_id end,
      source = 'header', coding_rule_id = null, coded_by = ${t.userId}, coded_at = now()
    from invoice_lines l where l.id = c.invoice_line_id and l.invoice_id = ${t.invoiceId}`;
  const uncoded = await db<LineRow[]>`
    select l.id::int, l.net_amount::text from invoice_lines l
    where l.invoice_id = ${t.invoiceId} and not exists (select 1 from invoice_line_codings c where c.invoice_line_id = l.id)`;
  const only = Object.fromEntries(FIELDS.map((f) => [idKey(f), set(f) ? ids[idKey(f)] : null])) as CodeIds;
  await replaceLineCodings(db, uncoded.map((l) => ({ lineId: l.id, parts: [{ ...only, amount: l.netAmount ?? '0', percent: '100' }], meta: { source: 'header' as const, userId: t.userId } })));
  return finish(db, t);
}
