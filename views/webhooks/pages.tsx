import type { DeliveryRow, EndpointRow } from '../../src/webhooks/endpoints';
import { EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent } from '../../src/webhooks/events';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';


function EventChoices({ chosen, errors }: { chosen: readonly string[]; errors?: FieldErrors }) {
  return (
    <fieldset class={errors?.events ? 'field has-error' : 'field'} aria-describedby={errors?.events ? 'events-error' : undefined}>
      <legend>Events to send</legend>
      {WEBHOOK_EVENTS.map((e) => (
        <label class="check"><input type="checkbox" name="events" value={e} checked={chosen.includes(e)} /> <code>{e}</code> — {EVENT_LABELS[e]}</label>
      ))}
      {errors?.events && <p id="events-error" class="error" role="alert">{errors.events}</p>}
    </fieldset>
  );
}

type ListProps = {
  csrf: string;
  endpoints: EndpointRow[];
  flash: string | null;
  created?: { id: number; url: string; secret: string };
  errors?: FieldErrors;
  values?: { url: string; description: string; events: string[] };
  allowHttp: boolean;
};

export function WebhooksPage({ csrf, endpoints, flash, created, errors, values, allowHttp }: ListProps) {
  return (
    <>
      <PageHeader title="Webhooks" />
      <Flash message={flash} />
      <p class="muted">
        apdesk posts a signed JSON message to each endpoint when an event it asked for happens (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>). Any 2xx answer is success; anything else is retried with growing waits for about 24 hours. 410 Gone disables the endpoint, and so do 3 days of
        failures (the AP Admins get an email). The message carries the event, the invoice id and the invoice as the <a href="/api/docs">API</a> shows it.
      </p>
      {created && (
        <section class="card" role="status" aria-label="New endpoint secret">
          <p>{`Endpoint ${created.url} was added. Copy its signing secret now: apdesk shows it only this once.`}</p>
          <p><code class="secret">{created.secret}</code></p>
          <p class="muted">Verify each request with it, e.g. with the <code>standardwebhooks</code> library: <code>new Webhook(secret).verify(body, headers)</code>.</p>
        </section>
      )}
      {endpoints.length > 0 && (
        <div class="table-wrap" tabindex={0}>
          <table class="endpoints">
            <caption class="visually-hidden">Endpoints</caption>
            <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Last delivery</th><th scope="col">Failed</th></tr></thead>
            <tbody>
              {endpoints.map((e) => (
                <tr class={e.enabled ? undefined : 'inactive'}>
                  <td><a href={`/settings/webhooks/${e.id}`}>{e.url}</a>{e.description && <div class="muted">{e.description}</div>}</td>
                  <td>{e.events.map((ev) => <code class="scope">{ev}</code>)}</td>
                  <td>{e.enabled ? (e.failingSince ? `Failing since ${formatDateTime(e.failingSince)}` : 'Enabled') : `Disabled ${formatDateTime(e.disabledAt)}: ${e.disabledReason ?? ''}`}</td>
                  <td>{formatDateTime(e.lastDeliveryAt)}</td>
                  <td class="num">{e.failedCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/settings/webhooks" class="card" novalidate aria-label="Add an endpoint">
        <h2>Add an endpoint</h2>
        <CsrfField token={csrf} />
        <Field name="url" label="URL" type="url" value={values?.url} errors={errors} required hint={allowHttp ? 'https:// (http:// is allowed here because ALLOW_PRIVATE_TARGETS is on).' : 'An https:// address on the internet.'} />
        <Field name="description" label="Description (optional)" value={values?.description} errors={errors} />
        <EventChoices chosen={values?.events ?? ['invoice.approved']} errors={errors} />
        <button type="submit" class="primary">Add endpoint</button>
      </form>
    </>
  );
}

type EndpointProps = { csrf: string; endpoint: EndpointRow; deliveries: DeliveryRow[]; flash: string | null; errors?: FieldErrors; olderThan?: number; values?: { description: string; events: string[] } };

const STATE_LABELS: Record<DeliveryRow['state'], string> = { pending: 'Waiting', retrying: 'Retrying', succeeded: 'Delivered', failed: 'Failed' };

export function EndpointPage({ csrf, endpoint, deliveries, flash, errors, olderThan, values }: EndpointProps) {
  const base = `/settings/webhooks/${endpoint.id}`;
  return (
    <>
      <PageHeader title="Webhook endpoint" />
      <p><a href="/settings/webhooks">← All endpoints</a></p>
      <p class="endpoint-url"><code>{endpoint.url}</code>{endpoint.description && <span class="muted"> — {endpoint.description}</span>}</p>
      <Flash message={flash} />
      <section class="card" aria-label="Endpoint">
        <p>
          <strong>{endpoint.enabled ? 'Enabled' : 'Disabled'}</strong>
          {!endpoint.enabled && endpoint.disabledReason && <> — {endpoint.disabledReason} ({formatDateTime(endpoint.disabledAt)})</>}
          {endpoint.failingSince && <> — failing since {formatDateTime(endpoint.failingSince)}</>}
        </p>
        <form method="post" action={`${base}/${endpoint.enabled ? 'disable' : 'enable'}`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit">{endpoint.enabled ? 'Disable' : 'Enable'}</button>
        </form>{' '}
        <form method="post" action={`${base}/delete`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit" class="danger">Delete endpoint</button>
        </form>
      </section>
      <form method="post" action={base} class="card" novalidate aria-label="Events of this endpoint">
        <CsrfField token={csrf} />
        <Field name="description" label="Description (optional)" value={values?.description ?? endpoint.description ?? ''} errors={errors} />
        <EventChoices chosen={values?.events ?? endpoint.events} errors={errors} />
        <button type="submit">Save</button>
      </form>
      <h2>Delivery log</h2>
      {deliveries.length === 0 ? <p class="muted">Nothing sent yet.</p> : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption class="visually-hidden">Deliveries, newest first</caption>
            <thead><tr><th scope="col">Event</th><th scope="col">Invoice</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last status</th><th scope="col">Answer</th><th scope="col"></th></tr></thead>
            <tbody>
              {deliveries.map((d) => (
                <tr>
                  <td><code>{d.type}</code><div class="muted">{formatDateTime(d.createdAt)}</div></td>
                  <td><a href={`/invoices/${d.invoiceId}`}>{d.invoiceNumber}</a></td>
                  <td>{STATE_LABELS[d.state]}{d.state === 'retrying' && d.nextAttemptAt && <div class="muted">next {formatDateTime(d.nextAttemptAt)}</div>}</td>
                  <td class="num">{d.attempts}<div class="muted">{formatDateTime(d.lastAttemptAt)}</div></td>
                  <td class="num">{d.lastStatus ?? '—'}</td>
                  <td class="snippet">{d.lastError && <div>{d.lastError}</div>}{d.lastResponse && <code>{d.lastResponse.slice(0, 300)}</code>}</td>
                  <td>
                    {d.state !== 'pending' && (
                      <form method="post" action={`${base}/deliveries/${d.id}/send-again`} class="inline">
                        <CsrfField token={csrf} />
                        <button type="submit" class="link" aria-label={`Send ${d.type} for invoice ${d.invoiceNumber} again`}>Send again</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {olderThan && <p><a href={`${base}?before=${olderThan}`}>Older deliveries →</a></p>}
    </>
  );
}

export type { WebhookEvent };
