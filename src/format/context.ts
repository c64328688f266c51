/*
 * The reader's locale and time zone for the request being answered, so any view can format
 * an amount or a date without every component passing them down. Set by `formatting()`
 * after the session is loaded: the user's Profile choice, else the browser's Accept-Language
 * (locale) and the installation's default (DEFAULT_LOCALE, DEFAULT_TIME_ZONE).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, isLocale, isTimeZone, LOCALES, localeFromAcceptLanguage, type Locale } from './locales';

export type Reader = { locale: Locale; timeZone: string };

/** The installation's defaults when nothing else says (config DEFAULT_LOCALE, DEFAULT_TIME_ZONE). */
export const BUILT_IN_READER: Reader = { locale: DEFAULT_LOCALE, timeZone: DEFAULT_TIME_ZONE };

/** The installation's defaults from the config (DEFAULT_LOCALE, DEFAULT_TIME_ZONE). */
export const installationReader = (config: { DEFAULT_LOCALE: Locale; DEFAULT_TIME_ZONE: string }): Reader => ({ locale: config.DEFAULT_LOCALE, timeZone: config.DEFAULT_TIME_ZONE });

const store = new AsyncLocalStorage<Reader>();

export const currentReader = (): Reader => store.getStore() ?? BUILT_IN_READER;

/** Runs `work` as if read by `reader` (jobs, mails and tests that render outside a request). */
export const asReader = <T>(reader: Reader, work: () => T): T => store.run(reader, work);

export function formatting(defaults: Reader = BUILT_IN_READER): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    const accept = c.req.header('accept-language');
    const locale = isLocale(user?.locale) ? user.locale : accept ? localeFromAcceptLanguage(accept, defaults.locale) : defaults.locale;
    const timeZone = isTimeZone(user?.timeZone) ? user.timeZone : defaults.timeZone;
    await store.run({ locale, timeZone }, next);
  };
}

/**
 * Who reads an email: the recipient's Profile choices when there are any, else the
 * installation's defaults; `note` says which, for the email's last line, so a date in
 * it is never ambiguous.
 */
export function mailReader(recipient: { locale?: string | null; timeZone?: string | null } | null | undefined, defaults: Reader = BUILT_IN_READER): { reader: Reader; note: string } {
  const own = { locale: isLocale(recipient?.locale), timeZone: isTimeZone(recipient?.timeZone) };
  const reader: Reader = { locale: own.locale ? (recipient!.locale as Locale) : defaults.locale, timeZone: own.timeZone ? recipient!.timeZone! : defaults.timeZone };
  const how = `${LOCALES[reader.locale]}, times in ${reader.timeZone}`;
  const note = own.locale && own.timeZone
    ? `Dates and times in this email: ${how} (your Profile).`
    : `Dates and times in this email: ${how} (${own.locale || own.timeZone ? 'your Profile, and ' : ''}apdesk's default${own.locale || own.timeZone ? ' for the rest' : ''}; choose yours in Profile > Numbers and dates).`;
  return { reader, note };
}
