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
    return (await response.json()) as T;
  }

  return {
    /** All companies the user can access, or null when the server has no company listing. */
    async listCompanies(): Promise<PageroCompany[] | null> {
      const companies: PageroCompany[] = [];
      for (let offset = 0; ; ) {
        const response = await call(`/company/v1/companies?limit=100&offset=${offset}`);
        if ([404, 405, 501].includes(response.status)) {
          await response.body?.cancel().catch(() => {});
          return null;
        }
        if (!response.ok) throw new PageroUnavailableError(`Pagero answered ${response.status} to the company listing`, response.status);
        const page = (await response.json()) as Page<{ id: string; name?: string; vatNumber?: string }>;
        for (const c of page.items ?? []) companies.push({ id: String(c.id), name: c.name ?? String(c.id), vatNumber: c.vatNumber ?? null });
        offset += page.items?.length ?? 0;
        if (!page.items?.length || offset >= (page.meta?.total ?? 0)) return companies;
      }
    },

    /** Whether the user can read a company's documents (for companies entered by hand). */
    async canAccessCompany(companyId: string): Promise<boolean> {
      const response = await call(`/document/v1/documents?${new URLSearchParams({ companyId, direction: 'Received', limit: '1' })}`);
      await response.body?.cancel().catch(() => {});
      if (response.ok) return true;
      if (response.status === 403 || response.status === 404) return false;
      throw new PageroUnavailableError(`Pagero answered ${response.status} while checking company ${companyId}`, response.status);
    },

    listReceived(params: { companyId: string; documentTypes: string[]; offset?: number; limit?: number; notFetchedOnly?: boolean }) {
      const query = new URLSearchParams({ companyId: params.companyId, direction: 'Received' });
      for (const type of params.documentTypes) query.append('documentType', type);
      if (params.notFetchedOnly ?? true) query.set('showFetchedOnly', 'false');
      query.set('limit', String(params.limit ?? 100));
      query.set('offset', String(params.offset ?? 0));
      return json<Page<PageroDocument>>(`/document/v1/documents?${query}`);
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
