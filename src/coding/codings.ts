/* Writing a line's coding: the old parts go, the new ones come, in one statement each. */
import type { Db } from '../db/connection';
import type { CodeIds } from './codes';

export type CodingSource = 'manual' | 'header' | 'rule' | 'last_invoice';
export type CodingPart = CodeIds & { amount: string; percent: string | null };
export type CodingMeta = { source: CodingSource; ruleId?: number | null; userId?: number | null };

export async function replaceLineCodings(db: Db, lines: { lineId: number; parts: CodingPart[]; meta: CodingMeta }[]) {
  if (lines.length === 0) return;
  await db`delete from invoice_line_codings where invoice_line_id = any(${lines.map((l) => l.lineId)}::bigint[])`;
  const rows = lines.flatMap(({ lineId, parts, meta }) =>
    parts.map((p, position) => ({
      invoiceLineId: lineId,
      position,
      amount: p.amount,
      percent: p.percent,
      glAccountId: p.glAccountId,
      costCentreId: p.costCentreId,
      taxCodeId: p.taxCodeId,
      source: meta.source,
      codingRuleId: meta.ruleId ?? null,
      codedBy: meta.userId ?? null,
    })),
  );
  await db`insert into invoice_line_codings ${db(rows, 'invoiceLineId', 'position', 'amount', 'percent', 'glAccountId', 'costCentreId', 'taxCodeId', 'source', 'codingRuleId', 'codedBy')}`;
}

/** A person changed this invoice's coding: it no longer counts as touchless. */
export async function markHumanEdit(db: Db, invoiceId: number) {
  await db`
    insert into invoice_automation (invoice_id, human_edited_at) values (${invoiceId}, now())
    on conflict (invoice_id) do update set human_edited_at = coalesce(invoice_automation.human_edited_at, excluded.human_edited_at)`;
}
