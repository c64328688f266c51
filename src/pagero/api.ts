/*
 * Pagero's resource API as apdesk uses it, against any server that keeps the contract in
 * shared/pagero-api.md: the company listing (a guessed endpoint; null when the server does
 * not offer it), received documents, their target XML, and the fetch acknowledgement.
 * A 401 refreshes the access token once and retries once.
 */
import type { TokenSource } from './connections';
import { PageroUnavailableError } from './oauth';
import type { Answer } from './http';
import { DEFAULT_RETRY, fetchWithRetry, type RetryPolicy } from './retry';

export type PageroCompany = { id: string; name: string; vatNumber: string | null };

export type PageroDocument = {
  id: string;
  fileId?: string;
  createTime?: string;
  isFetched?: boolean;
  documentInfo?: {
    direction?: string;
    documentType?: string;
    documentSubType?: string;
    documentIdentifier?: string;
    issueDate?: string;
    amounts?: { currency?: string; netAmount?: string; vatAmount?: string; totalAmount?: string };
  };
  [key: string]: unknown;
};

export type Page<T> = { items: T[]; meta: { count: number; limit: number; offset: number; total: number } };

/** Pagero refused the call even with a fresh token (401), or refused the company (403). */
export class PageroAccessError extends Error {
  constructor(readonly status: 401 | 403, what: string) {
    super(status === 401 ? `Pagero refused the access token for ${what}` : `this Pagero user may not access ${what}`);
  }
}

export function pageroApi(opts: { apiUrl: string; tokens: TokenSource; retry?: RetryPolicy }) {
  const retry = opts.retry ?? DEFAULT_RETRY;

  async function call(path: string, init: RequestInit = {}, accept = 'application/json', policy = retry): Promise<Answer> {
    const url = `${opts.apiUrl}${path}`;
    const send = (token: string) =>
      fetchWithRetry(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}`, accept } }, policy);
    let token = await opts.tokens();
    let response = await send(token);
    if (response.status === 401) {
      await response.body?.cancel().catch(() => {});
      token = await opts.tokens(token);
      response = await send(token);
      if (response.status === 401) {
        await response.body?.cancel().catch(() => {});
        throw new PageroAccessError(401, path.split('?')[0]!);
      }
    }
    return response;
  }

  async function json<T>(path: string): Promise<T> {
    const response = await call(path);
    if (response.status === 403) throw new PageroAccessError(403, path.split('?')[0]!);
    if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to ${path.split('?')[0]}`, response.status);
    try {
      return (await response.json()) as T;
    } catch {
      throw new PageroUnavailableError(`Pagero's answer to ${path.split('?')[0]} is not JSON`, response.status);
    }
  }

  return {
    /** All companies the user can access, or null when the server has no company listing. */
    async listCompanies(): Promise<PageroCompany[] | null> {
      const companies: PageroCompany[] = [];
      for (let offset = 0; ; ) {
        const response = await call(`/company/v1/companies?limit=100&offset=${offset}`);
        // The listing is a guess at an endpoint Pagero may not have: any refusal of it (a gateway's
        // 400 or 403 for an unknown route as much as a 404) means "no listing", so the companies
        // entered by hand are probed instead. Only 429 and 5xx (retried already) are an outage.
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          await response.body?.cancel().catch(() => {});
          return null;
        }
        if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to the company listing`, response.status);
        const page = (await response.json().catch(() => null)) as Partial<Page<{ id: string; name?: string; vatNumber?: string }>> | null;
        if (!Array.isArray(page?.items)) return offset === 0 ? null : companies;
        for (const c of page.items) companies.push({ id: String(c.id), name: c.name ?? String(c.id), vatNumber: c.vatNumber ?? null });
        offset += page.items.length;
        if (!page.items.length || offset >= (page.meta?.total ?? 0)) return companies;
      }
    },

    /** Whether the user can read a company's documents (for companies entered by hand). */
    async canAccessCompany(companyId: string): Promise<boolean> {
      const response = await call(`/document/v1/documents?${new URLSearchParams({ companyId, direction: 'Received', limit: '1' })}`);
      await response.body?.cancel().catch(() => {});
      if (response.ok) return true;
      if (response.status >= 400 && response.status < 500 && response.status !== 429) return false;
      throw new PageroUnavailableError(`Pagero answered ${response.status} while checking company ${companyId}`, response.status);
    },

    async listReceived(params: { companyId: string; documentTypes: string[]; offset?: number; limit?: number; notFetchedOnly?: boolean }): Promise<Page<PageroDocument>> {
      const query = new URLSearchParams({ companyId: params.companyId, direction: 'Received' });
      for (const type of params.documentTypes) query.append('documentType', type);
      if (params.notFetchedOnly ?? true) query.set('showFetchedOnly', 'false');
      query.set('limit', String(params.limit ?? 100));
      query.set('offset', String(params.offset ?? 0));
      const page = await json<Partial<Page<PageroDocument>>>(`/document/v1/documents?${query}`);
      const items = Array.isArray(page.items) ? page.items.filter((d) => d && d.id !== undefined && d.id !== null) : [];
      const offset = params.offset ?? 0;
      const limit = Number(page.meta?.limit ?? params.limit ?? 100);
      // Without a total, a full page means there may be more.
      const total = Number(page.meta?.total ?? (items.length >= limit ? Number.MAX_SAFE_INTEGER : offset + items.length));
      const meta = { count: items.length, limit, offset, total };
      return { items: items.map((d) => ({ ...d, id: String(d.id) })), meta };
    },

    async targetDocument(documentId: string): Promise<Uint8Array> {
      const path = `/document/v1/documents/${encodeURIComponent(documentId)}/targetdocument`;
      const response = await call(path, {}, 'application/xml, */*');
      if (response.status === 403 || response.status === 404) {
        await response.body?.cancel().catch(() => {});
        throw new PageroAccessError(403, `document ${documentId}`);
      }
      if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to ${path}`, response.status);
      return await response.bytes();
    },

    /** Acknowledges documents as fetched; idempotent, so safe to repeat after a lost answer. */
    async markFetched(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      const response = await call('/document/v1/documents/fetch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids }),
      });
      await response.body?.cancel().catch(() => {});
      if (response.status === 403) throw new PageroAccessError(403, 'these documents');
      if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to the fetch acknowledgement`, response.status);
    },

    /**
     * Uploads one file (File API, multipart). Never retried here: a retry could store the file
     * twice, so 429, 5xx, timeouts and dropped connections throw PageroUnavailableError and the
     * caller asks Pagero (by senderReference) before posting again. Other refusals come back
     * with Pagero's text.
     */
    async uploadFile(file: UploadFile): Promise<{ ok: true; fileId: string } | { ok: false; status: number; message: string }> {
      const form = new FormData();
      form.append('payload', new Blob([file.payload], { type: 'application/xml' }), file.filename);
      form.append('documentType', file.documentType);
      form.append('sendMode', file.sendMode);
      form.append('sendingCompanyId', file.sendingCompanyId);
      form.append('senderReference', file.senderReference);
      const response = await call('/file/v1/files', { method: 'POST', body: form }, 'application/json', { ...retry, attempts: 1 });
      if (response.status === 403) {
        await response.body?.cancel().catch(() => {});
        throw new PageroAccessError(403, `company ${file.sendingCompanyId}`);
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        const id = (safeJson(text) as { id?: unknown } | null)?.id;
        if (typeof id === 'string' || typeof id === 'number') return { ok: true, fileId: String(id) };
        throw new PageroUnavailableError(`Pagero accepted the file but its answer names no file id`, response.status);
      }
      return { ok: false, status: response.status, message: pageroMessage(text, response.status) };
    },

    /** Documents a company sent with this senderReference (to learn whether an upload arrived). */
    async sentBySenderReference(companyId: string, senderReference: string, documentType: string): Promise<PageroDocument[]> {
      const query = new URLSearchParams({ companyId, direction: 'Sent', documentType, senderReference, limit: '10' });
      const page = await json<Partial<Page<PageroDocument>>>(`/document/v1/documents?${query}`);
      return Array.isArray(page.items) ? page.items : [];
    },

    async fileparts(fileId: string, statuses: string[]): Promise<Filepart[]> {
      const path = `/file/v1/files/${encodeURIComponent(fileId)}/fileparts?Status=${statuses.join(',')}`;
      const page = await json<{ items?: Filepart[] }>(path);
      return Array.isArray(page.items) ? page.items : [];
    },

    /** Restart or cancel a filepart in Error or AwaitingInteraction; repeating it is harmless. */
    async filepartAction(filepartId: string, action: 'Restart' | 'Cancel'): Promise<void> {
      const response = await call(`/file/v1/fileparts/${encodeURIComponent(filepartId)}/action`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action }),
      });
      const text = await response.text().catch(() => '');
      if (response.status === 403) throw new PageroAccessError(403, `filepart ${filepartId}`);
      if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to ${action}: ${pageroMessage(text, response.status)}`, response.status);
    },
  };
}

export type UploadFile = { payload: string; filename: string; documentType: string; sendMode: string; sendingCompanyId: string; senderReference: string };

export type Filepart = { id: string; fileId?: string; status: string; error?: { description?: string[] | string } };

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Pagero's words from an error body whatever its shape (none is documented), short and on one line. */
export function pageroMessage(text: string, status: number): string {
  const body = safeJson(text) as Record<string, unknown> | null;
  const pick = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('; ') || null : null);
  const words = body && typeof body === 'object' ? (pick(body.error_description) ?? pick(body.message) ?? pick(body.description) ?? pick(body.error)) : pick(text);
  return (words ?? `HTTP ${status}`).replace(/\s+/g, ' ').trim().slice(0, 500);
}

export type PageroApi = ReturnType<typeof pageroApi>;
