import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSandbox } from './app';
import type { SandboxState } from './state';
import type { SandboxClient, SandboxConfig } from './types';

export interface StartSandboxOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  seedDemo?: boolean;
  demoSeed?: number;
  demoDocuments?: boolean;
  clients?: SandboxClient[];
  /** Redirect URIs for the default demo client `apdesk-local`. */
  redirectUris?: string[];
  config?: Partial<SandboxConfig>;
}

export interface RunningSandbox {
  /** Base URL; the OAuth base is `${url}/oauth/v2`, the API base is `url` itself. */
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

/** Starts the sandbox in-process on a real HTTP port (used by `npm start`, `npm run sandbox` and tests). */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const { app, state } = createSandbox({
    clients: options.clients,
    redirectUris: options.redirectUris,
    config: options.config,
    seedDemo: options.seedDemo,
    demoSeed: options.demoSeed,
    demoDocuments: options.demoDocuments,
  });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
