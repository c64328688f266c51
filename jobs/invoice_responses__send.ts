import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { processResponse } from '../src/responses/send';
import type { JobDeps } from './index';

const Payload = v.object({ responseId: v.number() });

/** One step of sending an Invoice Response; the domain re-queues itself for retries and polls. */
export const invoiceResponsesSend =
  ({ sql, log, pagero, config }: JobDeps): Task =>
  async (payload) => {
    const { responseId } = v.parse(Payload, payload);
    await processResponse({ sql, log, pagero, sendMode: config.pagero.sendMode }, responseId);
  };
