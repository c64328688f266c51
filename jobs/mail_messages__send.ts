import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { deliverMail } from '../src/mail/delivery';
import type { JobDeps } from './index';

const Payload = v.object({ id: v.number() });

export const mailMessagesSend =
  ({ sql, mailer }: JobDeps): Task =>
  async (payload) => {
    const { id } = v.parse(Payload, payload);
    await deliverMail(sql, mailer, id);
  };
