/*
 * Which PO line an invoice line is for: the PO line its order line reference names; else
 * the one with its item id (seller's or standard); else the one whose description is
 * closest (trigram similarity of at least 0.3). For item id and description, PO lines not
 * yet taken by an earlier line of the same invoice are preferred.
 */
import { similarity } from './similarity';

export type PoLine = { id: number; lineNumber: string; itemId: string | null; description: string | null };
export type InvoiceLineRef = {
  orderLineReference: string | null;
  sellerItemId: string | null;
  standardItemId: string | null;
  name: string | null;
  description: string | null;
};
export type Pick = { poLine: PoLine; by: 'order_line_reference' | 'item_id' | 'description' } | null;

export const MIN_DESCRIPTION_SIMILARITY = 0.3;
const same = (a: string | null, b: string | null) => Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

export function pickPoLines(invoiceLines: InvoiceLineRef[], poLines: PoLine[]): Pick[] {
  const taken = new Set<number>();
  const preferFree = (candidates: PoLine[]) => candidates.find((p) => !taken.has(p.id)) ?? candidates[0];
  return invoiceLines.map((line) => {
    const pick = pickOne(line, poLines, preferFree);
    if (pick) taken.add(pick.poLine.id);
    return pick;
  });
}

function pickOne(line: InvoiceLineRef, poLines: PoLine[], preferFree: (c: PoLine[]) => PoLine | undefined): Pick {
  const byReference = poLines.find((p) => same(p.lineNumber, line.orderLineReference));
  if (byReference) return { poLine: byReference, by: 'order_line_reference' };
  const byItem = preferFree(poLines.filter((p) => same(p.itemId, line.sellerItemId) || same(p.itemId, line.standardItemId)));
  if (byItem) return { poLine: byItem, by: 'item_id' };
  const text = [line.name, line.description].filter(Boolean).join(' ');
  if (!text) return null;
  const scored = poLines
    .map((p) => ({ p, score: similarity(text, p.description ?? '') }))
    .filter((s) => s.score >= MIN_DESCRIPTION_SIMILARITY)
    .sort((a, b) => b.score - a.score);
  const closest = preferFree(scored.map((s) => s.p));
  return closest ? { poLine: closest, by: 'description' } : null;
}
