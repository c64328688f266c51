/* Builds the Hono app from its dependencies; server.tsx and the tests both call this. */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { layout } from '../views/layout';
import { apiV1 } from './api/app';
import { apiDocs } from './api/docs';
import { approvalsCount } from './approvals/nav-count';
import { approvalsRoutes } from './approvals/routes';
import { approvalSettingsRoutes } from './approvals/settings-routes';
import { authRoutes } from './auth/routes';
import { codingRulesRoutes } from './coding/rules-routes';
import { codingRoutes } from './coding/routes';
import { dashboardRoutes } from './dashboard/routes';
import { exportBatchRoutes } from './export/routes';
import { exportSettingsRoutes } from './export/settings-routes';
import { assets } from './http/assets';
import type { AppEnv } from './http/context';
import { csrfProtection } from './http/csrf';
import type { Deps } from './http/deps';
import { documentGroupsRoutes } from './groups/routes';
import { databaseGate } from './http/database-gate';
import { errorHandler, notFound } from './http/errors';
import { flashMessages } from './http/flash';
import { formatting, installationReader } from './format/context';
import { requestContext } from './http/request-context';
import { loadSession, requireSignIn } from './http/session';
import { masterDataRoutes } from './master-data/routes';
import { purchaseOrdersRoutes } from './purchase-orders/routes';
import { apiTokenRoutes } from './purchase-orders/token-routes';
import { needsAttentionRoutes } from './invoices/needs-attention-routes';
import { invoicesRoutes } from './invoices/routes';
import { uploadBodyLimit } from './invoices/upload-limit';
import { opsRoutes } from './ops/routes';
import { outboxRoutes } from './mail/routes';
import { pageroNotice } from './pagero/banner';
import { einvoicingRoutes } from './pagero/routes';
import { einvoicingSettingsRoutes } from './pagero/settings-routes';
import { profileRoutes } from './profile/routes';
import { openResponsesRoutes, responseInvoiceRoutes, responseSettingsRoutes } from './responses/routes';
import { settingsRoutes } from './settings/routes';
import { usersRoutes } from './users/routes';
import { webhookRoutes } from './webhooks/routes';
import { validationRoutes } from './validation/routes';
import { requestBodyLimit } from './security/body-limit';
import { controlCharacterGuard } from './security/control-characters';
import { noStore } from './security/no-store';
import { canonicalIds } from './security/canonical-ids';

const UPLOAD_PATH = '/invoices/uploads';

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps.log, deps.metrics));
  // before anything reads a body; the upload route installs its own larger cap
  app.use('*', requestBodyLimit({ exempt: [UPLOAD_PATH] }));
  app.use(UPLOAD_PATH, uploadBodyLimit(deps.config.EINVOICE_MAX_BYTES));
  app.route('/', opsRoutes(deps));
  app.route('/', assets);
  const api = apiV1(deps);
  // the API reference sets its own CSP (Scalar starts from one inline script, allowed by nonce)
  app.route('/api/docs', apiDocs(api));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        objectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    }),
  );
  app.use('*', layout);
  app.use('*', databaseGate(deps.database));
  app.use('*', controlCharacterGuard());
  app.use('*', noStore);
  app.use('*', canonicalIds);
  // Bearer-token JSON API (src/api): no cookies, so it sits before CSRF and sessions.
  app.route('/api/v1', api);
  app.use('*', csrfProtection(deps.config.SESSION_SECRET, deps.jar));
  app.use('*', loadSession(deps));
  app.use('*', requireSignIn);
  app.use('*', formatting(installationReader(deps.config)));
  app.use('*', flashMessages(deps.jar));
  app.use('*', pageroNotice(deps));
  app.use('*', approvalsCount(deps));

  app.route('/', dashboardRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/invoices', invoicesRoutes(deps));
  app.route('/approvals', approvalsRoutes(deps));
  app.route('/settings/approvals', approvalSettingsRoutes(deps));
  app.route('/invoices', codingRoutes(deps));
  app.route('/invoices', responseInvoiceRoutes(deps));
  app.route('/invoices', validationRoutes(deps));
  app.route('/responses', openResponsesRoutes(deps));
  app.route('/purchase-orders', purchaseOrdersRoutes(deps));
  app.route('/needs-attention', needsAttentionRoutes(deps));
  app.route('/users', usersRoutes(deps));
  app.route('/profile', profileRoutes(deps));
  app.route('/settings/einvoicing/responses', responseSettingsRoutes(deps));
  app.route('/settings/einvoicing', einvoicingSettingsRoutes(deps));
  app.route('/settings/outbox', outboxRoutes(deps));
  app.route('/settings/document-groups', documentGroupsRoutes(deps));
  app.route('/settings/master-data', masterDataRoutes(deps));
  app.route('/settings/coding-rules', codingRulesRoutes(deps));
  app.route('/settings/api-tokens', apiTokenRoutes(deps));
  app.route('/settings/export', exportSettingsRoutes(deps));
  app.route('/export-batches', exportBatchRoutes(deps));
  app.route('/settings/webhooks', webhookRoutes(deps));
  app.route('/settings', settingsRoutes());
  app.route('/einvoicing', einvoicingRoutes(deps, deps.pagero));

  app.onError(errorHandler(deps.database));
  app.notFound(notFound);
  return app;
}
