/*
 * One attempt of one delivery (an event to an endpoint), run by the job
 * webhook_deliveries__send. Any 2xx is success. 410 Gone disables the endpoint. Anything
 * else is retried by re-queuing the job with exponential backoff and jitter, about 24 hours
 * in all, then the delivery fails. An endpoint failing without a success for 3 days is
 * disabled, and the AP Admins get an email (through the mail outbox).
 *
 * The payload is built once, by the first attempt of the event's first delivery, and the
 * same bytes are signed and sent on every attempt; webhook-id stays the event's, so a
 * receiver can drop a repeat.
 */
import { Webhook } from 'standardwebhooks';
import { invoiceDetail } from '../api/invoice-json';
import type { Db, Sql } from '../db/connection';
import type { Logger } from '../logger';
import { queueMail } from '../mail/outbox';
import { asReader, mailReader, type Reader } from '../format/context';
import { formatDateTime } from '../format/numbers';
import { checkTarget } from '../net/targets';
import type { TokenCipher } from '../pagero/token-crypto';
import { postJson, TIMEOUT_MS } from './send';

/** Waits after the 1st, 2nd, … failed attempt (±20% jitter): 23 h 57 min over 11 attempts. */
export const RETRY_DELAYS_S = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800];
export const DISABLE_AFTER_DAYS = 3;

export type DeliverDeps = { sql: Sql; log: Logger; cipher: TokenCipher; allowPrivate: boolean; publicUrl: string; timeoutMs?: number; random?: () => number;
  /** How dates read in the AP Admins' email when they chose nothing in Profile (DEFAULT_LOCALE, DEFAULT_TIME_ZONE). */
  defaults?: Reader;
};

export async function enqueueDelivery(db: Db, deliveryId: number, delaySeconds = 0) {
  await db`
    select graphile_worker.add_job('webhook_deliveries__send', json_build_object('deliveryId', ${deliveryId}::bigint),
      run_at => now() + ${delaySeconds} * interval '1 second', job_key => ${`webhook_delivery:${deliveryId}`}, max_attempts => 3)`;
}

type Loaded = {
  id: number; state: string; attempts: number; eventId: number; type: string; invoiceId: number; occurredAt: Date; payload: unknown;
  endpointId: number; url: string; enabled: boolean; secretSealed: Buffer;
};

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'skipped';

export async function deliver(deps: DeliverDeps, deliveryId: number): Promise<AttemptOutcome> {
  const { sql } = deps;
  const [d]: [Loaded?] = await sql`
    select d.id::int, d.state, d.attempts, ev.id::int as event_id, ev.type, ev.invoice_id::int, ev.occurred_at, ev.payload,
           e.id::int as endpoint_id, e.url, e.enabled, e.secret_sealed
    from webhook_deliveries d join webhook_events ev on ev.id = d.event_id join webhook_endpoints e on e.id = d.endpoint_id
    where d.id = ${deliveryId}`;
  if (!d || d.state === 'succeeded' || d.state === 'failed') return 'skipped'; // no longer relevant
  if (!d.enabled) {
    await sql`update webhook_deliveries set state = 'failed', last_error = 'Not sent: the endpoint is disabled.', next_attempt_at = null where id = ${d.id}`;
    return 'failed';
  }

  const body = JSON.stringify(d.payload ?? (await buildPayload(sql, d)));
  const msgId = `evt_${d.eventId}`;
  const url = new URL(d.url);
  const checked = await checkTarget(url.hostname, { allowPrivate: deps.allowPrivate });
  let result;
  if (!checked.ok) result = { ok: false as const, error: checked.message };
  else {
    const now = new Date();
    const headers = {
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(deps.cipher.decrypt(d.secretSealed)).sign(msgId, now, body),
    };
    result = await postJson(url, checked.target, headers, body, deps.timeoutMs ?? TIMEOUT_MS);
  }

  const attempts = d.attempts + 1;
  if (result.ok && result.status >= 200 && result.status < 300) {
    await sql.begin(async (tx) => {
      await tx`
        update webhook_deliveries set state = 'succeeded', attempts = ${attempts}, last_status = ${result.status}, last_response = ${result.snippet},
          last_error = null, last_attempt_at = now(), next_attempt_at = null, succeeded_at = now()
        where id = ${d.id}`;
      await tx`update webhook_endpoints set failing_since = null where id = ${d.endpointId} and failing_since is not null`;
    });
    return 'succeeded';
  }

  const status = result.ok ? result.status : null;
  const snippet = result.ok ? result.snippet : null;
  const error = result.ok ? (status === 410 ? 'The endpoint answered 410 Gone.' : `Answered ${status}.`) : result.error;
  return sql.begin(async (tx): Promise<AttemptOutcome> => {
    if (status === 410) {
      await tx`
        update webhook_deliveries set state = 'failed', attempts = ${attempts}, last_status = 410, last_response = ${snippet}, last_error = ${error},
          last_attempt_at = now(), next_attempt_at = null
        where id = ${d.id}`;
      await disableEndpoint(tx, deps, d.endpointId, 'It answered 410 Gone to a delivery: the receiver says it no longer exists.');
      return 'failed';
    }
    const delay = RETRY_DELAYS_S[attempts - 1];
    const retry = delay !== undefined;
    const wait = retry ? Math.round(delay * (0.8 + 0.4 * (deps.random ?? Math.random)())) : 0;
    await tx`
      update webhook_deliveries set state = ${retry ? 'retrying' : 'failed'}, attempts = ${attempts}, last_status = ${status}, last_response = ${snippet},
        last_error = ${error}, last_attempt_at = now(), next_attempt_at = ${retry ? tx`now() + ${wait} * interval '1 second'` : null}
      where id = ${d.id}`;
    if (retry) await enqueueDelivery(tx, d.id, wait);
    const [endpoint] = await tx<{ failingSince: Date; tooLong: boolean }[]>`
      update webhook_endpoints set failing_since = coalesce(failing_since, now()) where id = ${d.endpointId}
      returning failing_since, failing_since <= now() - make_interval(days => ${DISABLE_AFTER_DAYS}) as too_long`;
    if (endpoint?.tooLong) {
      await disableEndpoint(tx, deps, d.endpointId, `Its deliveries have failed for ${DISABLE_AFTER_DAYS} days without a success.`);
      return 'failed';
    }
    return retry ? 'retrying' : 'failed';
  });
}

async function buildPayload(sql: Sql, d: Loaded) {
  const invoice = await invoiceDetail(sql, d.invoiceId);
  const payload = { type: d.type, timestamp: d.occurredAt.toISOString(), data: { event: d.type, invoiceId: d.invoiceId, invoice: invoice ?? null } };
  // the first delivery to get here fixes the payload for every endpoint and attempt
  const [row] = await sql<{ payload: unknown }[]>`
    update webhook_events set payload = coalesce(payload, ${sql.json(payload as never)}) where id = ${d.eventId} returning payload`;
  return row!.payload;
}

async function disableEndpoint(tx: Db, deps: DeliverDeps, endpointId: number, reason: string) {
  // the times are not written into the reason: each reader sees them in their own time zone (disabled_at, failing_since)
  const [endpoint] = await tx<{ url: string; disabledAt: Date; failingSince: Date | null }[]>`
    update webhook_endpoints set enabled = false, disabled_reason = ${reason}, disabled_at = now(), updated_at = now()
    where id = ${endpointId} and enabled returning url, disabled_at, failing_since`;
  if (!endpoint) return;
  deps.log.warn({ endpointId, reason }, 'webhook endpoint disabled');
  await tx`
    update webhook_deliveries set state = 'failed', last_error = 'Not sent: the endpoint was disabled.', next_attempt_at = null
    where endpoint_id = ${endpointId} and state in ('pending', 'retrying')`;
  const admins = await tx<{ email: string; locale: string | null; timeZone: string | null }[]>`
    select email, locale, time_zone from users where active and 'ap_admin' = any(roles) order by id`;
  for (const admin of admins) {
    const { email } = admin;
    const { reader, note } = mailReader(admin, deps.defaults);
    const body = asReader(reader, () =>
      `apdesk disabled the webhook endpoint ${endpoint.url} on ${formatDateTime(endpoint.disabledAt)}.\n\n${reason}` +
      `${endpoint.failingSince ? ` Failing since ${formatDateTime(endpoint.failingSince)}.` : ''}\n\n` +
      `Events for it are no longer sent. Fix the receiver, then enable the endpoint again and use "Send again" on the deliveries it missed:\n` +
      `${deps.publicUrl}/settings/webhooks/${endpointId}\n\n${note}\n`);
    await queueMail(tx, {
      kind: 'webhook_disabled',
      to: email,
      subject: `apdesk stopped sending webhooks to ${new URL(endpoint.url).host}`,
      body,
      dedupeKey: `webhook_disabled:${endpointId}:${endpoint.disabledAt.getTime()}:${email}`,
    });
  }
}

/** Send again (a person asked): the delivery runs once more now; if it had retries left it keeps them. */
export async function sendAgain(sql: Sql, endpointId: number, deliveryId: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      update webhook_deliveries set state = 'pending', next_attempt_at = null, succeeded_at = null
      where id = ${deliveryId} and endpoint_id = ${endpointId} returning id::int`;
    if (!row) return false;
    await enqueueDelivery(tx, row.id);
    return true;
  });
}
