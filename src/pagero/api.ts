/*
 * Pagero's resource API as apdesk uses it, against any server that keeps the contract in
 * shared/pagero-api.md: the company listing (a guessed endpoint; null when the server does
 * not offer it), received documents, their target XML, and the fetch acknowledgement.
 * A 401 refreshes the access token once and retries once.
 */
import type { TokenSource } from './connections';
import { PageroUnavailableError } from './oauth';
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

  async function call(path: string, init: RequestInit = {}, accept = 'application/json'): Promise<Response> {
    const url = `${opts.apiUrl}${path}`;
    const send = (token: string) =>
      fetchWithRetry(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}`, accept } }, retry);
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
      return new Uint8Array(await response.arrayBuffer());
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
  };
}

export type PageroApi = ReturnType<typeof pageroApi>;
