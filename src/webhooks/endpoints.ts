/*
 * Webhook endpoints (Settings → Webhooks, AP Admins). A URL must be https (http only with
 * ALLOW_PRIVATE_TARGETS=true, for development and tests) and must not resolve to our own
 * network (src/net/targets.ts); the check runs again before every delivery.
 */
import * as v from 'valibot';
import type { Db } from '../db/connection';
import { checkTarget } from '../net/targets';
import type { TokenCipher } from '../pagero/token-crypto';
import { isWebhookEvent, type WebhookEvent } from './events';
import { newWebhookSecret } from './secrets';

export type EndpointRow = {
  id: number;
  url: string;
  description: string | null;
  events: WebhookEvent[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  lastDeliveryAt: Date | null;
  failedCount: number;
};

export const URL_MAX = 2000;

/** The URL's problem for a person, or null when it may be used. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, such as https://erp.example.com/apdesk/webhooks.';
  }
  if (raw.length > URL_MAX) return `Use at most ${URL_MAX} characters.`;
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'Use an https:// URL: webhooks carry invoice data.';
  if (url.username || url.password) return 'Leave user name and password out of the URL; apdesk signs every request instead.';
  if (url.hash) return 'Leave the #fragment out of the URL.';
  const target = await checkTarget(url.hostname, { allowPrivate });
  return target.ok ? null : target.message;
}

export const EndpointForm = v.object({
  url: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the URL that receives the webhooks.')),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, 'Use at most 200 characters.')), ''),
  events: v.pipe(
    v.array(v.string()),
    v.check((a) => a.every(isWebhookEvent), 'Choose from the listed events.'),
    v.minLength(1, 'Choose at least one event.'),
  ),
});

export async function createEndpoint(db: Db, cipher: TokenCipher, input: { url: string; description: string; events: WebhookEvent[]; createdBy: number }) {
  const secret = newWebhookSecret();
  const [row] = await db<{ id: number }[]>`
    insert into webhook_endpoints (url, description, events, secret_sealed, created_by)
    values (${input.url}, ${input.description || null}, ${[...new Set(input.events)]}::text[], ${cipher.encrypt(secret)}, ${input.createdBy})
    returning id::int`;
  return { id: row!.id, secret };
}

export const listEndpoints = (db: Db) =>
  db<EndpointRow[]>`
    select e.id::int, e.url, e.description, e.events, e.enabled, e.disabled_reason, e.disabled_at, e.failing_since, e.created_at,
           (select max(d.last_attempt_at) from webhook_deliveries d where d.endpoint_id = e.id) as last_delivery_at,
           (select count(*)::int from webhook_deliveries d where d.endpoint_id = e.id and d.state = 'failed') as failed_count
    from webhook_endpoints e order by e.id`;

export async function findEndpoint(db: Db, id: number) {
  const [row]: [EndpointRow?] = await db`
    select e.id::int, e.url, e.description, e.events, e.enabled, e.disabled_reason, e.disabled_at, e.failing_since, e.created_at,
           null::timestamptz as last_delivery_at, 0 as failed_count
    from webhook_endpoints e where e.id = ${id}`;
  return row;
}

export async function setEnabled(db: Db, id: number, enabled: boolean) {
  return (
    await db`
      update webhook_endpoints set enabled = ${enabled}, updated_at = now(),
        disabled_reason = ${enabled ? null : 'Disabled by an AP Admin.'}, disabled_at = ${enabled ? null : new Date()}, failing_since = null
      where id = ${id}`
  ).count > 0;
}

export async function updateEvents(db: Db, id: number, events: WebhookEvent[], description: string) {
  return (await db`update webhook_endpoints set events = ${[...new Set(events)]}::text[], description = ${description || null}, updated_at = now() where id = ${id}`).count > 0;
}

export async function deleteEndpoint(db: Db, id: number) {
  return (await db`delete from webhook_endpoints where id = ${id}`).count > 0;
}

export type DeliveryRow = {
  id: number;
  eventId: number;
  type: WebhookEvent;
  invoiceId: number;
  invoiceNumber: string;
  state: 'pending' | 'retrying' | 'succeeded' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

export const DELIVERY_PAGE = 100;

export const listDeliveries = (db: Db, endpointId: number, beforeId?: number) =>
  db<DeliveryRow[]>`
    select d.id::int, d.event_id::int, ev.type, ev.invoice_id::int, i.invoice_number, d.state, d.attempts, d.last_status, d.last_response, d.last_error,
           d.last_attempt_at, d.next_attempt_at, d.created_at
    from webhook_deliveries d join webhook_events ev on ev.id = d.event_id join invoices i on i.id = ev.invoice_id
    where d.endpoint_id = ${endpointId} ${beforeId ? db`and d.id < ${beforeId}` : db``}
    order by d.id desc limit ${DELIVERY_PAGE}`;
