/* Settings > API tokens: AP Admins create (shown once) and revoke the tokens of /api/v1. */
import { Hono } from 'hono';
import { ApiTokensPage } from '../../views/purchase-orders/tokens';
import { canImportPurchaseOrders } from '../coding/access';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { createApiToken, isScope, listApiTokens, revokeApiToken, type Scope } from './api-tokens';

const title = { title: 'API tokens', active: 'settings' as const };

export function apiTokenRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canImportPurchaseOrders));

  app.get('/', async (c) => c.render(<ApiTokensPage csrf={c.get('csrfToken')} tokens={await listApiTokens(sql)} flash={c.get('flash')} />, title));

  app.post('/', async (c) => {
    const { fields, invalid } = await readForm(c);
    const name = String(fields.name ?? '').trim();
    const chosen = ([] as string[]).concat(fields.scopes ?? []);
    const scopes = [...new Set(chosen.filter(isScope))] as Scope[];
    const errors: Record<string, string> = {};
    if (!name || name.length > 100) errors.name = name ? 'Use at most 100 characters.' : 'Name the token after the system that will use it.';
    if (scopes.length === 0 || scopes.length !== new Set(chosen).size) errors.scopes = 'Choose what the token may do (at least one scope).';
    Object.assign(errors, invalid);
    if (Object.keys(errors).length > 0) {
      c.status(422);
      return c.render(<ApiTokensPage csrf={c.get('csrfToken')} tokens={await listApiTokens(sql)} flash={null} errors={errors} name={name} scopes={scopes} />, title);
    }
    const user = currentUser(c);
    const { id, token } = await createApiToken(sql, name, user.id, scopes);
    deps.log.info({ tokenId: id, by: user.id, scopes }, 'API token created');
    c.header('Cache-Control', 'no-store');
    return c.render(<ApiTokensPage csrf={c.get('csrfToken')} tokens={await listApiTokens(sql)} flash={null} created={{ name, token }} />, title);
  });

  app.post('/:id{[0-9]+}/revocation', async (c) => {
    const revoked = await revokeApiToken(sql, Number(c.req.param('id')));
    deps.log.info({ tokenId: c.req.param('id'), by: currentUser(c).id }, 'API token revoked');
    setFlash(deps.jar(c), revoked ? 'Token revoked: requests with it now get 401.' : 'That token was already revoked.');
    return c.redirect('/settings/api-tokens', 303);
  });

  return app;
}
