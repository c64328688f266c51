import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { installationReader } from '../src/format/context';
import { deliver } from '../src/webhooks/deliver';
import { secretCipher } from '../src/webhooks/secrets';
import type { JobDeps } from './index';

const Payload = v.object({ deliveryId: v.number() });

/** One attempt of one webhook delivery; the domain re-queues it for retries. */
export const webhookDeliveriesSend = ({ sql, log, config }: JobDeps): Task => {
  const cipher = secretCipher(config);
  return async (payload) => {
    const { deliveryId } = v.parse(Payload, payload);
    await deliver({ sql, log, cipher, allowPrivate: config.ALLOW_PRIVATE_TARGETS, publicUrl: config.publicUrl, defaults: installationReader(config) }, deliveryId);
  };
};
