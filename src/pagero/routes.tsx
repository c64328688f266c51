/*
 * E-invoicing Login: the authorization code flow with PKCE S256 and state. State and the
 * code verifier live in 10-minute HttpOnly cookies scoped to /einvoicing.
 */
import { Hono, type Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { LoginProblemPage } from '../../views/pagero/login-problem';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { currentUser } from '../http/guards';
import { afterConnected } from './after-connect';
import { notifyUncoveredCompanies } from './companies';
import { disconnect, connectionOfUser, saveConnection } from './connections';
import { discoverCompanies } from './discovery';
import { PageroClientError, PageroGrantError, PageroUnavailableError } from './oauth';
import type { PageroService } from './service';
import { enqueueConnectionCompanies } from '../sync/enqueue';

const STATE_COOKIE = 'pagero_oauth_state';
const VERIFIER_COOKIE = 'pagero_oauth_verifier';
const COOKIE_PATH = '/einvoicing';

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function einvoicingRoutes(deps: Deps, pagero: PageroService) {
  const { sql, log } = deps;
  const app = new Hono<AppEnv>();
  const problem = (c: Context<AppEnv>, status: 400 | 502, title: string, message: string) => {
    c.status(status);
    return c.render(<LoginProblemPage title={title} message={message} />, { title });
  };

  app.get('/login', (c) => {
    currentUser(c);
    const { url, state, codeVerifier } = pagero.oauth.start();
    const jar = deps.jar(c);
    jar.set(STATE_COOKIE, state, { maxAge: 600, path: COOKIE_PATH });
    jar.set(VERIFIER_COOKIE, codeVerifier, { maxAge: 600, path: COOKIE_PATH });
    return c.redirect(url.toString(), 302);
  });

  app.get('/callback', async (c) => {
    const user = currentUser(c);
    const jar = deps.jar(c);
    const expectedState = jar.get(STATE_COOKIE);
    const verifier = jar.get(VERIFIER_COOKIE);
    jar.clear(STATE_COOKIE, { path: COOKIE_PATH });
    jar.clear(VERIFIER_COOKIE, { path: COOKIE_PATH });
    const { code, state, error, error_description: description } = c.req.query();

    if (!state || !expectedState || !verifier || !same(state, expectedState)) {
      log.warn({ userId: user.id, hasState: Boolean(state), hasCookie: Boolean(expectedState) }, 'E-invoicing Login state mismatch');
      return problem(c, 400, 'E-invoicing Login could not be verified', 'This answer from Pagero does not belong to a login you started here (the security check on "state" failed), so it was ignored.');
    }
    if (error) {
      const message = error === 'access_denied'
        ? 'You cancelled at Pagero, or Pagero did not grant apdesk access.'
        : `Pagero answered with an error: ${error}${description ? ` (${description.slice(0, 200)})` : ''}.`;
      return problem(c, 400, 'E-invoicing Login was not completed', message);
    }
    if (!code) return problem(c, 400, 'E-invoicing Login was not completed', 'Pagero sent no authorization code.');

    let tokens;
    try {
      tokens = await pagero.oauth.exchangeCode(code, verifier);
    } catch (err) {
      if (err instanceof PageroGrantError) {
        log.warn({ userId: user.id, code: err.code }, 'Pagero refused the authorization code');
        return problem(c, 400, 'Pagero refused the login', `Pagero did not accept the login (${err.code}). Start E-invoicing Login again.`);
      }
      if (err instanceof PageroClientError) {
        log.error({ userId: user.id, err: err.message }, 'Pagero refused apdesk as a client during code exchange');
        return problem(c, 502, 'Pagero refused apdesk', `Pagero did not accept apdesk's own credentials (${err.code}). Ask your apdesk administrator to check the Pagero client settings.`);
      }
      if (err instanceof PageroUnavailableError) {
        log.warn({ userId: user.id, err: err.message }, 'Pagero unavailable during code exchange');
        return problem(c, 502, 'Pagero could not be reached', 'apdesk could not reach Pagero to finish the login. Try again in a few minutes.');
      }
      throw err;
    }

    const connectionId = await saveConnection(sql, pagero.cipher, user.id, tokens);
    log.info({ userId: user.id, connectionId }, 'Pagero connection saved');
    let message: string;
    try {
      const { companyIds } = await discoverCompanies(sql, pagero.apiFor(connectionId), connectionId);
      await afterConnected(sql, connectionId, companyIds, deps.prepareCompanies);
      await notifyUncoveredCompanies(sql, deps.config.publicUrl);
      message = companyIds.length === 0
        ? 'Connected to Pagero, but your Pagero user has access to no company known to apdesk. Ask an admin to add your company in Settings > E-invoicing.'
        : `Connected to Pagero: ${companyIds.length} ${companyIds.length === 1 ? 'company' : 'companies'}. Their invoices are being fetched into My Invoices.`;
    } catch (err) {
      log.warn({ connectionId, err: (err as Error).message }, 'companies could not be listed after login');
      await sql`select graphile_worker.add_job('pagero_connections__discover_companies', json_build_object('connectionId', ${connectionId}::int), job_key => ${`discover:${connectionId}`})`;
      message = 'Connected to Pagero. Your companies could not be listed just now; apdesk will keep trying in the background.';
    }
    setFlash(jar, message);
    return c.redirect('/invoices', 303);
  });

  app.post('/syncs', async (c) => {
    const user = currentUser(c);
    const connection = await connectionOfUser(sql, user.id);
    const count = connection?.status === 'active' ? await enqueueConnectionCompanies(sql, connection.id, 'manual') : 0;
    setFlash(deps.jar(c), count ? `Sync started for your ${count} ${count === 1 ? 'company' : 'companies'}.` : 'You have no active Pagero connection to sync.');
    return c.redirect('/profile', 303);
  });

  app.post('/disconnection', async (c) => {
    const user = currentUser(c);
    const connection = await connectionOfUser(sql, user.id);
    if (connection?.refreshToken) {
      try {
        await pagero.oauth.revoke(pagero.cipher.decrypt(connection.refreshToken));
      } catch (err) {
        log.warn({ connectionId: connection.id, err: (err as Error).message }, 'revoking at Pagero failed; tokens are deleted anyway');
      }
    }
    await disconnect(sql, user.id);
    await notifyUncoveredCompanies(sql, deps.config.publicUrl);
    setFlash(deps.jar(c), 'Your Pagero connection was removed and its tokens deleted.');
    return c.redirect('/profile', 303);
  });

  return app;
}
