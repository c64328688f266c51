import { Hono } from 'hono';
import { SettingsPage } from '../../views/settings/index';
import { canOpenSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import { allow, currentUser } from '../http/guards';

export function settingsRoutes() {
  const app = new Hono<AppEnv>();
  app.use('*', allow(canOpenSettings));
  app.get('/', (c) => c.render(<SettingsPage user={currentUser(c)} />, { title: 'Settings', active: 'settings' }));
  return app;
}
