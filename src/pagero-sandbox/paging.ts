import type { SandboxConfig } from './types';

export interface Page {
  limit: number;
  offset: number;
}

export interface PageMeta {
  count: number;
  limit: number;
  offset: number;
  total: number;
}

const NON_NEGATIVE_INTEGER = /^\d+$/;

/** `limit` above the maximum is clamped (a GUESS of the contract); malformed values are a 400. */
export function parsePage(limitParam: string | undefined, offsetParam: string | undefined, config: SandboxConfig): Page | { error: string } {
  let limit = config.defaultLimit;
  if (limitParam !== undefined) {
    if (!NON_NEGATIVE_INTEGER.test(limitParam) || Number(limitParam) < 1) return { error: 'limit must be a positive integer' };
    limit = Math.min(Number(limitParam), config.maxLimit);
  }
  let offset = 0;
  if (offsetParam !== undefined) {
    if (!NON_NEGATIVE_INTEGER.test(offsetParam)) return { error: 'offset must be a non-negative integer' };
    offset = Number(offsetParam);
  }
  return { limit, offset };
}

export function pageOf<T>(all: readonly T[], page: Page): { items: T[]; meta: PageMeta } {
  const items = all.slice(page.offset, page.offset + page.limit);
  return { items, meta: { count: items.length, limit: page.limit, offset: page.offset, total: all.length } };
}
