import { Hono } from 'hono';
import type { SandboxEnv } from './env';
import { pageOf, parsePage } from './paging';
import type { SandboxState } from './state';

/**
 * `GET /company/v1/companies`: a GUESS of the contract (Pagero publishes no listing endpoint).
 * Lists only the companies the token's user can access.
 */
export function companyRoutes(state: SandboxState): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.get('/companies', (c) => {
    const page = parsePage(c.req.query('limit'), c.req.query('offset'), state.config);
    if ('error' in page) return c.json({ error: 'invalid_request', error_description: page.error }, 400);
    const user = state.users.get(c.get('access').username);
    const companies = (user?.companies ?? [])
      .map((id) => state.companies.get(id))
      .filter((company) => company !== undefined)
      .map((company) => ({ id: company.id, name: company.name, vatNumber: company.vatNumber }));
    return c.json(pageOf(companies, page));
  });
  return app;
}
