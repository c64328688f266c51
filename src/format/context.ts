/*
 * The reader's locale and time zone for the request being answered, so any view can format
 * an amount or a date without every component passing them down. Set by `formatting()`
 * after the session is loaded: the user's Profile choice, else the browser's Accept-Language.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isLocale, isTimeZone, localeFromAcceptLanguage, type Locale } from './locales';

export type Reader = { locale: Locale; timeZone: string };

const store = new AsyncLocalStorage<Reader>();

export const currentReader = (): Reader => store.getStore() ?? { locale: DEFAULT_LOCALE, timeZone: DEFAULT_TIME_ZONE };

/** Runs `work` as if read by `reader` (jobs, mails and tests that render outside a request). */
export const asReader = <T>(reader: Reader, work: () => T): T => store.run(reader, work);

export function formatting(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    const locale = isLocale(user?.locale) ? user.locale : localeFromAcceptLanguage(c.req.header('accept-language'));
    const timeZone = isTimeZone(user?.timeZone) ? user.timeZone : DEFAULT_TIME_ZONE;
    await store.run({ locale, timeZone }, next);
  };
}
