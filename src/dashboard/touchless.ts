import { touchlessRate } from '../coding/touchless';
import type { Db } from '../db/connection';

/** Touchless rate over the last 30 days: invoices that reached Ready with no human edit, over all received. */
export function touchlessSummary(db: Db) {
  const to = new Date();
  return touchlessRate(db, { from: new Date(to.getTime() - 30 * 24 * 3600 * 1000), to });
}
