/* How urgent an invoice is by its due date, for the invoice page's summary ("overdue 45 days"). */
import type { Status } from './statuses';

/** Once exported, cancelled or rejected, paying it is no longer apdesk's concern. */
const SETTLED: readonly string[] = ['exported', 'cancelled', 'rejected'] satisfies readonly Status[];

export type DueState = { kind: 'none' } | { kind: 'settled' } | { kind: 'overdue' | 'due'; days: number };

const DAY = 86_400_000;
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY);

/** `today` is a calendar date (YYYY-MM-DD); days are whole calendar days. */
export function dueState(dueDate: string | null, status: string, today: string): DueState {
  if (!dueDate) return { kind: 'none' };
  if (SETTLED.includes(status)) return { kind: 'settled' };
  const days = dayNumber(dueDate) - dayNumber(today);
  return days < 0 ? { kind: 'overdue', days: -days } : { kind: 'due', days };
}

export function dueText(state: DueState): string | null {
  if (state.kind === 'overdue') return `overdue ${state.days} day${state.days === 1 ? '' : 's'}`;
  if (state.kind === 'due') return state.days === 0 ? 'due today' : `due in ${state.days} day${state.days === 1 ? '' : 's'}`;
  return null;
}
