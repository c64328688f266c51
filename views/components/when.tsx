import { formatDate, formatDateTime, formatDay } from '../../src/format/numbers';

/** A moment for a person: date and time in the reader's locale and time zone; the exact instant (ISO, UTC) in `datetime`. */
export const When = ({ at }: { at: Date | null | undefined }) => (at ? <time datetime={at.toISOString()}>{formatDateTime(at)}</time> : <>—</>);

/** The day of a moment in the reader's time zone (a connection that ends on …). */
export const OnDay = ({ at }: { at: Date | null | undefined }) => (at ? <time datetime={at.toISOString()}>{formatDay(at)}</time> : <>—</>);

/** A calendar date (YYYY-MM-DD: an invoice's due date, a first day away): the same day everywhere. */
export const Day = ({ date }: { date: string | null | undefined }) => (date ? <time datetime={date}>{formatDate(date)}</time> : <>—</>);
