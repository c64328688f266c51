import { Hono } from 'hono';
import { OutboxPage } from '../../views/mail/outbox';
import { canSeeSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { allow } from '../http/guards';
import { listMail } from './outbox';

export function outboxRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeeSettings));
  app.get('/', async (c) =>
    c.render(<OutboxPage messages={await listMail(deps.sql)} smtp={Boolean(deps.config.SMTP_URL)} />, { title: 'Email outbox', active: 'settings' }),
  );
  return app;
}
