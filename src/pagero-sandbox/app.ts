import { Hono } from 'hono';
import { requireBearer } from './bearer';
import { companyRoutes } from './companies';
import { documentRoutes } from './documents';
import type { SandboxEnv } from './env';
import { faultInjection } from './faults';
import { fileRoutes } from './files';
import { receivedResponsesPage } from './responses-page';
import { oauthRoutes } from './oauth';
import { DEFAULT_DEMO_SEED, demoClient, seedDemo } from './seed-demo';
import { simRoutes } from './sim';
import { SandboxState } from './state';
import { DEFAULT_CONFIG, type SandboxClient, type SandboxConfig } from './types';

export interface SandboxOptions {
  /** OAuth clients the sandbox accepts. Default: the demo client `apdesk-local`. */
  clients?: SandboxClient[];
  /** Redirect URIs of the default demo client (ignored when `clients` is given). */
  redirectUris?: string[];
  /** Knob overrides (access_token_ttl etc.). */
  config?: Partial<SandboxConfig>;
  /** Seed the demo companies, users and a few hundred invoices. `/_sim/reset` clears them; `{"demo":true}` reseeds. */
  seedDemo?: boolean;
  demoSeed?: number;
  /** With seedDemo: false leaves the invoices out (DEMO_DATA=false): users and companies only. */
  demoDocuments?: boolean;
  /** Fixed `iss` for authorization responses; default `<request origin>/oauth/v2`. */
  issuer?: string;
}

export interface Sandbox {
  app: Hono<SandboxEnv>;
  state: SandboxState;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clients = options.clients ?? [demoClient(options.redirectUris)];
  const state = new SandboxState({ ...DEFAULT_CONFIG, ...options.config }, clients);
  if (options.seedDemo) seedDemo(state, { seed: options.demoSeed ?? DEFAULT_DEMO_SEED, documents: options.demoDocuments ?? true });

  const app = new Hono<SandboxEnv>();

  // Request log for tests; bodies (and so tokens) are never recorded.
  app.use(async (c, next) => {
    const at = state.clock.nowIso();
    let status: number | null = null;
    try {
      await next();
      status = c.res.status;
    } finally {
      if (!c.req.path.startsWith('/_sim')) {
        const url = new URL(c.req.url);
        state.logRequest({ at, method: c.req.method, path: c.req.path, query: url.search, status: c.get('fault') === 'drop' ? null : status, grantType: c.get('grantType'), fault: c.get('fault') });
      }
    }
  });
  app.use(faultInjection(state));

  app.route('/oauth/v2', oauthRoutes(state, { issuer: options.issuer }));
  app.use('/document/*', requireBearer(state));
  app.use('/company/*', requireBearer(state));
  app.use('/file/*', requireBearer(state));
  app.route('/file/v1', fileRoutes(state));
  app.get('/responses', (c) => c.html(receivedResponsesPage(state)));
  app.route('/document/v1', documentRoutes(state));
  app.route('/company/v1', companyRoutes(state));
  app.route('/_sim', simRoutes(state));

  app.notFound((c) => c.json({ error: 'not_found', error_description: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    console.error('[pagero-sandbox]', err);
    return c.json({ error: 'server_error', error_description: 'Internal sandbox error' }, 500);
  });
  return { app, state };
}
