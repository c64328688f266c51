import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { validateInvoices, validateStale } from '../src/validation/service';
import { validationPool } from '../src/validation/shared-pool';
import type { JobDeps } from './index';

const Payload = v.union([
  v.object({ invoiceIds: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.maxLength(1000)) }),
  v.object({ stale: v.literal(true) }),
]);

/** Runs the EN 16931 rules on a batch of stored invoices (or on every invoice with a stale result) in the thread pool. */
export const invoicesValidate =
  ({ sql, log, config }: JobDeps): Task =>
  async (payload) => {
    const input = v.parse(Payload, payload);
    const pool = validationPool(config.VALIDATION_THREADS);
    const started = performance.now();
    if ('stale' in input) {
      const validated = await validateStale({ sql, pool, log });
      log.info({ validated, ms: Math.round(performance.now() - started) }, 'stale validation results renewed');
      return;
    }
    const outcome = await validateInvoices({ sql, pool, log }, input.invoiceIds);
    log.debug({ ...outcome, ms: Math.round(performance.now() - started) }, 'invoices validated');
  };
