import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { rematchPurchaseOrder } from '../src/matching/rematch';
import type { JobDeps } from './index';

const Payload = v.object({ purchaseOrderId: v.pipe(v.number(), v.integer(), v.minValue(1)) });

/** A PO or a goods receipt for it arrived: match its invoices again (none left: nothing to do). */
export const purchaseOrdersRematch =
  ({ sql, log }: JobDeps): Task =>
  async (payload) => {
    const { purchaseOrderId } = v.parse(Payload, payload);
    const invoices = await sql.begin((tx) => rematchPurchaseOrder(tx, purchaseOrderId));
    log.info({ purchaseOrderId, invoices }, 'invoices rematched to their purchase order');
  };
