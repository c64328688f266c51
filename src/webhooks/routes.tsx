/* Settings → Webhooks: AP Admins add endpoints (secret shown once), choose events, read the delivery log, send again. */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { EndpointPage, WebhooksPage } from '../../views/webhooks/pages';
import { hasRole } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { sendAgain } from './deliver';
import { checkWebhookUrl, createEndpoint, DELIVERY_PAGE, deleteEndpoint, EndpointForm, findEndpoint, listDeliveries, listEndpoints, setEnabled, updateEvents } from './endpoints';
import type { WebhookEvent } from './events';
import { secretCipher } from './secrets';

const title = { title: 'Webhooks', active: 'settings' as const };

const asList = (x: string | string[] | undefined) => ([] as string[]).concat(x ?? []);

export function webhookRoutes(deps: Deps) {
  const { sql, config } = deps;
  const cipher = secretCipher(config);
  const allowPrivate = config.ALLOW_PRIVATE_TARGETS;
  const app = new Hono<AppEnv>();
  app.use('*', allow((user) => hasRole(user, 'ap_admin')));

  app.get('/', async (c) => c.render(<WebhooksPage csrf={c.get('csrfToken')} endpoints={await listEndpoints(sql)} flash={c.get('flash')} allowHttp={allowPrivate} />, title));

  app.post('/', async (c) => {
    const { fields, invalid } = await readForm(c);
    const values = { url: String(fields.url ?? '').trim(), description: String(fields.description ?? '').trim(), events: asList(fields.events) };
    const parsed = v.safeParse(EndpointForm, values);
    const errors: Record<string, string> = { ...(invalid as Record<string, string>) };
    if (!parsed.success) for (const issue of parsed.issues) errors[String(issue.path?.[0]?.key ?? 'url')] ??= issue.message;
    if (!errors.url) {
      const problem = await checkWebhookUrl(values.url, allowPrivate);
      if (problem) errors.url = problem;
    }
    if (Object.keys(errors).length > 0 || !parsed.success) {
      c.status(422);
      return c.render(<WebhooksPage csrf={c.get('csrfToken')} endpoints={await listEndpoints(sql)} flash={null} errors={errors} values={values} allowHttp={allowPrivate} />, title);
    }
    const user = currentUser(c);
    const { id, secret } = await createEndpoint(sql, cipher, { url: values.url, description: parsed.output.description, events: parsed.output.events as WebhookEvent[], createdBy: user.id });
    deps.log.info({ endpointId: id, by: user.id }, 'webhook endpoint added');
    c.header('Cache-Control', 'no-store');
    return c.render(<WebhooksPage csrf={c.get('csrfToken')} endpoints={await listEndpoints(sql)} flash={null} created={{ id, url: values.url, secret }} allowHttp={allowPrivate} />, title);
  });

  const endpointPage = async (c: Context<AppEnv>, id: number, errors?: Record<string, string>, values?: { description: string; events: string[] }) => {
    const endpoint = await findEndpoint(sql, id);
    if (!endpoint) return c.notFound();
    const before = Number(c.req.query('before')) || undefined;
    const deliveries = await listDeliveries(sql, id, before);
    const olderThan = deliveries.length === DELIVERY_PAGE ? deliveries.at(-1)!.id : undefined;
    if (errors) c.status(422);
    return c.render(<EndpointPage csrf={c.get('csrfToken')} endpoint={endpoint} deliveries={deliveries} flash={c.get('flash')} errors={errors} olderThan={olderThan} values={values} />, { ...title, title: 'Webhook endpoint' });
  };

  app.get('/:id{[0-9]+}', (c) => endpointPage(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const { fields, invalid } = await readForm(c);
    const events = asList(fields.events);
    const parsed = v.safeParse(v.object({ description: EndpointForm.entries.description, events: EndpointForm.entries.events }), { description: String(fields.description ?? '').trim(), events });
    if (!parsed.success || Object.keys(invalid).length > 0) {
      const errors: Record<string, string> = { ...(invalid as Record<string, string>) };
      if (!parsed.success) for (const issue of parsed.issues) errors[String(issue.path?.[0]?.key ?? 'events')] ??= issue.message;
      return endpointPage(c, id, errors, { description: String(fields.description ?? ''), events });
    }
    if (!(await updateEvents(sql, id, parsed.output.events as WebhookEvent[], parsed.output.description))) return c.notFound();
    setFlash(deps.jar(c), 'Endpoint saved.');
    return c.redirect(`/settings/webhooks/${id}`, 303);
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/:id{[0-9]+}/${action}`, async (c) => {
      const id = Number(c.req.param('id'));
      if (!(await setEnabled(sql, id, enabled))) return c.notFound();
      deps.log.info({ endpointId: id, enabled, by: currentUser(c).id }, 'webhook endpoint switched');
      setFlash(deps.jar(c), enabled ? 'Endpoint enabled: new events are sent to it. Use Send again for what it missed.' : 'Endpoint disabled: nothing is sent to it.');
      return c.redirect(`/settings/webhooks/${id}`, 303);
    });
  }

  app.post('/:id{[0-9]+}/delete', async (c) => {
    const id = Number(c.req.param('id'));
    if (!(await deleteEndpoint(sql, id))) return c.notFound();
    deps.log.info({ endpointId: id, by: currentUser(c).id }, 'webhook endpoint deleted');
    setFlash(deps.jar(c), 'Endpoint deleted with its delivery log.');
    return c.redirect('/settings/webhooks', 303);
  });

  app.post('/:id{[0-9]+}/deliveries/:deliveryId{[0-9]+}/send-again', async (c) => {
    const id = Number(c.req.param('id'));
    const endpoint = await findEndpoint(sql, id);
    if (!endpoint) return c.notFound();
    if (!(await sendAgain(sql, id, Number(c.req.param('deliveryId'))))) return c.notFound();
    setFlash(deps.jar(c), endpoint.enabled ? 'Sending again now.' : 'Queued, but the endpoint is disabled: enable it, or the delivery fails again.');
    return c.redirect(`/settings/webhooks/${id}`, 303);
  });

  return app;
}
