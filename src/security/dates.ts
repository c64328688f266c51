/*
 * A calendar date that exists. valibot's isoDate() and PostgreSQL's date input check the shape
 * only loosely: "2024-02-30" passed the one and was moved to 1 March by JavaScript's Date on
 * the way. Impossible dates are refused, never moved.
 */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const NO_SUCH_DATE = 'There is no such date; use a real date like 2026-03-31.';
