import type { Context } from 'hono';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { parseIsoDuration } from './clock';
import { metadataFromXml } from './document-metadata';
import { toDocumentItem } from './documents';
import type { SandboxEnv } from './env';
import type { FaultRule } from './faults';
import { DuplicateBulkError, seedBulkInvoices, seedDemo } from './seed-demo';
import {
  ClientsBody,
  ClockBody,
  CompaniesBody,
  ConfigBody,
  ConsentRevokeBody,
  DocumentsBody,
  FaultsBody,
  FileOutcomeBody,
  GenerateBody,
  ResetBody,
  UsersBody,
} from './sim-schemas';
import type { SandboxState } from './state';
import { chainExpiry, revokeChain } from './tokens';
import type { SandboxConfig, StoredDocument } from './types';

type Ctx = Context<SandboxEnv>;

class BadInput extends Error {
  constructor(readonly issues: unknown) {
    super('invalid input');
  }
}

/** Parses the JSON body with a valibot schema; an empty body counts as `{}`. */
async function input<TSchema extends v.GenericSchema>(c: Ctx, schema: TSchema): Promise<v.InferOutput<TSchema>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new BadInput('body is not valid JSON');
    }
  }
  const result = v.safeParse(schema, json);
  if (!result.success) throw new BadInput(v.flatten(result.issues));
  return result.output;
}

const CONFIG_KEYS: Record<string, keyof SandboxConfig> = {
  access_token_ttl: 'accessTokenTtl',
  refresh_chain_max: 'refreshChainMax',
  refresh_mode: 'refreshMode',
  default_limit: 'defaultLimit',
  max_limit: 'maxLimit',
  reuse_revokes_chain: 'reuseRevokesChain',
  code_ttl: 'codeTtl',
  require_pkce: 'requirePkce',
  allow_plain_pkce: 'allowPlainPkce',
};

function configJson(config: SandboxConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(CONFIG_KEYS).map(([snake, camel]) => [snake, config[camel]]));
}

function clockJson(state: SandboxState) {
  return { now: state.clock.nowIso(), offsetMs: state.clock.offset() };
}

function simDocumentJson(doc: StoredDocument) {
  return { companyId: doc.companyId, fetchedAt: doc.fetchedAt ?? null, ...toDocumentItem(doc) };
}

function faultJson(rule: FaultRule) {
  return { ...rule, remaining: rule.times === null ? null : Math.max(0, rule.times - rule.triggered) };
}

/** Test controls. They are JSON-only and never part of the Pagero contract. */
export function simRoutes(state: SandboxState, options: { onReset?: (state: SandboxState) => void } = {}): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.onError((err, c) => {
    if (err instanceof BadInput) return c.json({ error: 'invalid_request', issues: err.issues }, 400);
    throw err;
  });

  app.get('/state', (c) =>
    c.json({
      ...clockJson(state),
      config: configJson(state.config),
      counts: {
        clients: state.clients.size,
        users: state.users.size,
        companies: state.companies.size,
        documents: state.documents.size,
        grants: state.chains.size,
        activeGrants: [...state.chains.values()].filter((chain) => chain.revokedAt === undefined).length,
        faults: state.faults.length,
      },
    }),
  );

  app.post('/reset', async (c) => {
    const body = await input(c, ResetBody);
    state.reset();
    options.onReset?.(state);
    const demo = body.demo ? seedDemo(state, { seed: body.seed }) : undefined;
    return c.json({ ok: true, documents: state.documents.size, demo: demo ? { companies: demo.companies.length, users: demo.users.length } : null });
  });

  app.post('/clients', async (c) => {
    const clients = (await input(c, ClientsBody)).map((client) => ({
      clientId: client.client_id,
      clientSecret: client.client_secret,
      redirectUris: client.redirect_uris,
      allowedScopes: client.allowed_scopes,
      name: client.name ?? client.client_id,
    }));
    for (const client of clients) state.clients.set(client.clientId, client);
    return c.json({ clients: clients.map((client) => ({ client_id: client.clientId, redirect_uris: client.redirectUris, allowed_scopes: client.allowedScopes, name: client.name })) }, 201);
  });

  app.get('/clients', (c) =>
    c.json({ clients: [...state.clients.values()].map((client) => ({ client_id: client.clientId, redirect_uris: client.redirectUris, allowed_scopes: client.allowedScopes, name: client.name })) }),
  );

  app.post('/users', async (c) => {
    const users = (await input(c, UsersBody)).map((user) => ({
      username: user.username,
      password: user.password,
      userId: user.userId ?? state.users.get(user.username)?.userId ?? randomUUID(),
      name: user.name ?? user.username,
      email: user.email,
      companies: user.companies,
    }));
    for (const user of users) state.users.set(user.username, user);
    return c.json({ users: users.map(({ password: _password, ...user }) => user) }, 201);
  });

  app.get('/users', (c) => c.json({ users: [...state.users.values()].map(({ password: _password, ...user }) => user) }));

  app.delete('/users/:username', (c) => {
    const existed = state.users.delete(c.req.param('username'));
    return existed ? c.body(null, 204) : c.json({ error: 'not_found' }, 404);
  });

  app.post('/companies', async (c) => {
    const companies = (await input(c, CompaniesBody)).map((company) => ({
      id: company.id ?? randomUUID(),
      name: company.name,
      vatNumber: company.vatNumber,
      country: company.country ?? company.vatNumber.slice(0, 2),
    }));
    for (const company of companies) state.companies.set(company.id, company);
    return c.json({ companies }, 201);
  });

  app.get('/companies', (c) => c.json({ companies: [...state.companies.values()] }));

  app.post('/documents', async (c) => {
    const inputs = (await input(c, DocumentsBody));
    for (const doc of inputs) {
      if (!state.companies.has(doc.companyId)) throw new BadInput(`unknown companyId ${doc.companyId}`);
    }
    const created = inputs.map((doc) => {
      const bytes = doc.xml !== undefined ? new Uint8Array(Buffer.from(doc.xml, 'utf8')) : new Uint8Array(Buffer.from(doc.xmlBase64 ?? '', 'base64'));
      const derived = metadataFromXml(Buffer.from(bytes).toString('utf8'));
      const info = derived.documentInfo;
      const documentInfo = {
        direction: doc.direction ?? info.direction,
        documentType: doc.documentType ?? info.documentType,
        documentSubType: doc.documentSubType ?? info.documentSubType,
        documentIdentifier: doc.documentIdentifier ?? info.documentIdentifier,
        issueDate: doc.issueDate ?? info.issueDate,
        ...(doc.amounts ?? info.amounts ? { amounts: doc.amounts ?? info.amounts } : {}),
      };
      return state.addDocument({
        id: doc.id,
        fileId: doc.fileId,
        companyId: doc.companyId,
        createTime: doc.createTime ? new Date(doc.createTime).toISOString() : undefined,
        distribution: doc.distribution,
        sendMode: doc.sendMode,
        isFetched: doc.isFetched,
        isSelfBilled: doc.isSelfBilled,
        attachments: doc.attachments,
        documentReferences: doc.documentReferences,
        eventDetails: doc.eventDetails,
        validationErrors: doc.validationErrors,
        referenceDocumentIdentifier: doc.referenceDocumentIdentifier ?? derived.referenceDocumentIdentifier,
        senderReference: doc.senderReference,
        documentInfo,
        targetDocument: () => bytes,
      });
    });
    return c.json({ items: created.map(simDocumentJson) }, 201);
  });

  app.post('/documents/generate', async (c) => {
    const body = await input(c, GenerateBody);
    if (!state.companies.has(body.companyId)) throw new BadInput(`unknown companyId ${body.companyId}`);
    let created: number;
    try {
      created = seedBulkInvoices(state, body);
    } catch (error) {
      if (error instanceof DuplicateBulkError) throw new BadInput(error.message);
      throw error;
    }
    return c.json({ created, total: state.documents.size }, 201);
  });

  app.get('/documents', (c) => {
    const companyId = c.req.query('companyId');
    const docs = companyId ? state.companyDocuments(companyId) : [...state.documents.values()];
    return c.json({ items: docs.map(simDocumentJson), total: docs.length, fetched: docs.filter((d) => d.isFetched).length });
  });

  app.get('/documents/:id', (c) => {
    const doc = state.documents.get(c.req.param('id'));
    return doc ? c.json(simDocumentJson(doc)) : c.json({ error: 'not_found' }, 404);
  });

  app.get('/clock', (c) => c.json(clockJson(state)));

  app.post('/clock', async (c) => {
    const body = await input(c, ClockBody);
    if (body.set !== undefined) state.clock.set(Date.parse(body.set));
    if (body.advance !== undefined) state.clock.advance(parseIsoDuration(body.advance)!);
    if (body.days !== undefined) state.clock.advanceMs(body.days * 86_400_000);
    if (body.seconds !== undefined) state.clock.advanceMs(body.seconds * 1000);
    return c.json(clockJson(state));
  });

  app.get('/config', (c) => c.json(configJson(state.config)));

  app.post('/config', async (c) => {
    const body = await input(c, ConfigBody);
    for (const [snake, value] of Object.entries(body)) {
      const key = CONFIG_KEYS[snake];
      if (key !== undefined && value !== undefined) (state.config as unknown as Record<string, unknown>)[key] = value;
    }
    return c.json(configJson(state.config));
  });

  /** The user withdraws the consent given to a client in Pagero Online: every grant and token of the pair dies. */
  app.post('/consent/revoke', async (c) => {
    const body = await input(c, ConsentRevokeBody);
    const user = state.findUser(body.user);
    if (!user) return c.json({ error: 'not_found', error_description: 'Unknown user' }, 404);
    const concerns = (clientId: string) => body.client_id === undefined || body.client_id === clientId;
    let revokedGrants = 0;
    for (const chain of state.chains.values()) {
      if (chain.username === user.username && concerns(chain.clientId) && chain.revokedAt === undefined) {
        revokeChain(state, chain.id, 'consent withdrawn');
        revokedGrants++;
      }
    }
    for (const [code, record] of state.codes) {
      if (record.username === user.username && concerns(record.clientId)) state.codes.delete(code);
    }
    return c.json({ revokedGrants });
  });

  app.get('/grants', (c) => {
    const user = c.req.query('user');
    const clientId = c.req.query('client_id');
    const grants = [...state.chains.values()]
      .filter((chain) => (user === undefined || chain.username === user) && (clientId === undefined || chain.clientId === clientId))
      .map((chain) => ({
        id: chain.id,
        user: chain.username,
        client_id: chain.clientId,
        grantType: chain.grantType,
        scopes: chain.scopes,
        startedAt: new Date(chain.startedAt).toISOString(),
        expiresAt: new Date(chainExpiry(state, chain)).toISOString(),
        rotations: chain.rotations,
        revokedAt: chain.revokedAt === undefined ? null : new Date(chain.revokedAt).toISOString(),
        revokedReason: chain.revokedReason ?? null,
      }));
    return c.json({ grants });
  });

  app.post('/faults', async (c) => {
    const rules = (await input(c, FaultsBody)).map(
      (rule): FaultRule => ({ id: randomUUID(), match: rule.match, after: rule.after, times: rule.times, respond: rule.respond, seen: 0, triggered: 0 }),
    );
    state.faults.push(...rules);
    return c.json({ rules: rules.map(faultJson) }, 201);
  });

  app.get('/faults', (c) => c.json({ rules: state.faults.map(faultJson) }));

  app.delete('/faults', (c) => {
    state.faults = [];
    return c.body(null, 204);
  });

  app.delete('/faults/:id', (c) => {
    const before = state.faults.length;
    state.faults = state.faults.filter((rule) => rule.id !== c.req.param('id'));
    return state.faults.length < before ? c.body(null, 204) : c.json({ error: 'not_found' }, 404);
  });

  app.post('/file-outcomes', async (c) => {
    const outcome = await input(c, FileOutcomeBody);
    state.fileOutcomes.push({ ...outcome });
    return c.json({ pending: state.fileOutcomes }, 201);
  });

  /** Every upload with what the sandbox read from it; `?companyId=` narrows. */
  app.get('/files', (c) => {
    const companyId = c.req.query('companyId');
    const files = [...state.files.values()].filter((f) => !companyId || f.companyId === companyId);
    return c.json({ files: files.map(({ xml: _xml, ...f }) => f), total: files.length });
  });

  /** The Invoice Responses received, processed or not, with their XML. */
  app.get('/responses', (c) => {
    const responses = [...state.files.values()]
      .filter((f) => f.documentType === 'ApplicationResponse')
      .map((f) => ({ fileId: f.id, companyId: f.companyId, senderReference: f.senderReference, sendMode: f.sendMode, receivedAt: f.receivedAt, status: f.filepart.status, errors: f.filepart.errors, actions: f.actions, ...f.response, xml: f.xml }));
    return c.json({ responses, total: responses.length });
  });

  app.get('/stats', (c) => c.json(state.stats));

  app.get('/requests', (c) => {
    const prefix = c.req.query('pathPrefix') ?? '';
    const items = state.requestLog.filter((entry) => entry.path.startsWith(prefix));
    return c.json({ items, total: items.length });
  });

  app.delete('/requests', (c) => {
    state.requestLog = [];
    return c.body(null, 204);
  });

  return app;
}
