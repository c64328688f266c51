/*
 * The locales a user can choose in Profile, and the choice made from a browser's
 * Accept-Language when the user has not chosen one. A locale decides how numbers and dates
 * read (grouping, decimal separator, order of day and month); the words stay English.
 */
export const LOCALES = {
  'en-GB': 'English (United Kingdom)',
  'en-US': 'English (United States)',
  'en-IE': 'English (Ireland)',
  'de-DE': 'Deutsch (Deutschland)',
  'de-AT': 'Deutsch (Österreich)',
  'de-CH': 'Deutsch (Schweiz)',
  'fr-FR': 'Français (France)',
  'fr-BE': 'Français (Belgique)',
  'it-IT': 'Italiano (Italia)',
  'es-ES': 'Español (España)',
  'pt-PT': 'Português (Portugal)',
  'nl-NL': 'Nederlands (Nederland)',
  'nl-BE': 'Nederlands (België)',
  'sv-SE': 'Svenska (Sverige)',
  'da-DK': 'Dansk (Danmark)',
  'nb-NO': 'Norsk bokmål (Norge)',
  'fi-FI': 'Suomi (Suomi)',
  'pl-PL': 'Polski (Polska)',
} as const;
export type Locale = keyof typeof LOCALES;
export const DEFAULT_LOCALE: Locale = 'en-GB';
export const DEFAULT_TIME_ZONE = 'UTC';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && Object.hasOwn(LOCALES, value);

let zones: Set<string> | undefined;
export const timeZones = () => [...(zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]))];
export const isTimeZone = (value: unknown): value is string => typeof value === 'string' && (zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])).has(value);

/** The best supported locale for an Accept-Language header: exact tag first, then the same language, by q-value. */
export function localeFromAcceptLanguage(header: string | undefined | null, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!header) return fallback;
  const wanted = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((w) => /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(w.tag) && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const all = Object.keys(LOCALES) as Locale[];
  for (const { tag } of wanted) {
    const exact = all.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const language = tag.split('-')[0];
    const same = all.find((l) => l.split('-')[0] === language);
    if (same) return same;
  }
  return fallback;
}
