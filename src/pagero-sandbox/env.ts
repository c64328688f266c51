import type { HttpBindings } from '@hono/node-server';
import type { AccessTokenRecord } from './state';

/** Hono environment of the sandbox app. `incoming` is absent when the app is driven through `app.request()`. */
export interface SandboxEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    grantType?: string;
    fault?: string;
    access: AccessTokenRecord;
  };
}
