/*
 * The one place that reads process.env. Every setting is validated at start-up;
 * a bad value stops the process with one line naming the variable.
 */
import * as v from 'valibot';
import { scheduleProblem } from './export/schedule';
import { isLocale, isTimeZone, type Locale } from './format/locales';

const port = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.integer(),
    v.minValue(0, 'must be between 0 and 65535'),
    v.maxValue(65535, 'must be between 0 and 65535'),
  );

const positiveInt = (fallback: string) =>
  v.pipe(v.optional(v.string(), fallback), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1, 'must be at least 1'));
const optionalPositiveInt = v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1, 'must be at least 1')));

const url = (protocols: RegExp, what: string) =>
  v.pipe(v.string(), v.url(`must be a URL`), v.check((s) => protocols.test(new URL(s).protocol), `must be ${what}`));

const optionalText = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty')));

const bool = (fallback: string) =>
  v.pipe(
    v.optional(v.string(), fallback),
    v.picklist(['true', 'false', '1', '0'], 'must be true or false'),
    v.transform((s) => s === 'true' || s === '1'),
  );

/** Base64 or hex for 32 random bytes (AES-256 key). */
const key32 = v.pipe(
  v.string(),
  v.check((s) => decodeKey(s) !== null, 'must be 32 bytes as 64 hex characters or base64'),
);

export function decodeKey(s: string): Buffer | null {
  const t = s.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

const EnvSchema = v.object({
  NODE_ENV: v.optional(v.picklist(['development', 'production', 'test'], 'must be development, production or test'), 'development'),
  PORT: port('3000'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  PUBLIC_URL: v.optional(url(/^https?:$/, 'an http or https URL')),
  APDESK_ROLE: v.optional(v.picklist(['all', 'web', 'worker'], 'must be all, web or worker'), 'all'),
  DATABASE_URL: v.optional(url(/^postgres(ql)?:$/, 'a postgres:// URL')),
  /** Unset: 3 on a web process, 10 otherwise (src/db/open.ts). */
  DATABASE_POOL_SIZE: optionalPositiveInt,
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './.data'),
  SESSION_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  TOKEN_ENCRYPTION_KEY: v.optional(key32),
  TOKEN_ENCRYPTION_OLD_KEYS: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s.split(',').every((k) => decodeKey(k) !== null), 'must be a comma-separated list of 32-byte keys (hex or base64)'),
    ),
  ),
  TRUST_PROXY: bool('false'),
  TRUSTED_PROXIES: positiveInt('1'),
  ALLOW_PRIVATE_TARGETS: bool('false'),
  EXPORT_SCHEDULE: v.optional(v.pipe(v.string(), v.trim(), v.check((s) => s === 'off' || scheduleProblem(s) === null, 'must be five cron fields in UTC, such as "0 18 * * 1-5", or off'))),
  SFTP_TIMEOUT_MS: positiveInt('20000'),
  ADMIN_EMAIL: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an email address'))),
  ADMIN_PASSWORD: v.optional(v.pipe(v.string(), v.minLength(12, 'must be at least 12 characters'))),
  WORKER_CONCURRENCY: positiveInt('4'),
  SYNC_CONCURRENCY: positiveInt('1'),
  WORKER_NICE: v.pipe(
    v.optional(v.string(), '0'),
    v.regex(/^\d+$/, 'must be a whole number from 0 to 19'),
    v.transform(Number),
    v.maxValue(19, 'must be a whole number from 0 to 19'),
  ),
  VALIDATION_THREADS: v.pipe(positiveInt('1'), v.maxValue(64, 'must be at most 64')),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be a pino level (info, debug, …)'), 'info'),
  METRICS_TOKEN: optionalText,
  METRICS_PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1, 'must be between 1 and 65535'), v.maxValue(65535, 'must be between 1 and 65535')),
  ),
  EINVOICE_MAX_BYTES: positiveInt(String(20 * 1024 * 1024)),
  SHUTDOWN_TIMEOUT_MS: positiveInt('9000'),
  PAGERO_AUTH_URL: v.optional(url(/^https?:$/, 'an http or https URL')),
  PAGERO_API_URL: v.optional(url(/^https?:$/, 'an http or https URL')),
  PAGERO_CLIENT_ID: optionalText,
  PAGERO_CLIENT_SECRET: optionalText,
  PAGERO_REDIRECT_URI: v.optional(url(/^https?:$/, 'an http or https URL')),
  PAGERO_SCOPE: v.optional(v.pipe(v.string(), v.trim()), 'all'),
  PAGERO_TIMEOUT_MS: positiveInt('15000'),
  PAGERO_SEND_MODE: v.optional(v.picklist(['Prod', 'Test', 'Cert'], 'must be Prod, Test or Cert')),
  SANDBOX_PORT: port('4010'),
  PAGERO_SANDBOX: bool('false'),
  SYNC_INTERVAL: v.pipe(
    v.optional(v.string(), '5'),
    v.regex(/^\d+$/, 'must be a whole number of minutes'),
    v.transform(Number),
    v.check((n) => (n >= 1 && n < 60 && 60 % n === 0) || (n >= 60 && n <= 1440 && n % 60 === 0 && 1440 % n === 0), 'must be minutes that divide an hour (1–30) or whole hours that divide a day (60–1440)'),
  ),
  SMTP_URL: v.optional(url(/^smtps?:$/, 'an smtp:// or smtps:// URL')),
  MAIL_FROM: v.optional(v.pipe(v.string(), v.trim(), v.minLength(3)), 'apdesk <no-reply@apdesk.local>'),
  // the Pagero sandbox's demo invoices (npm start without a real Pagero) and, on the embedded database, apdesk's demo
  // master data, coding rules and purchase orders (src/demo); false: the sandbox's users and companies only
  DEMO_DATA: bool('true'),
  // My Invoices' status counts and sums per currency give up after this many ms (0: never; tests use 0)
  LIST_COUNT_BUDGET_MS: v.pipe(v.optional(v.string(), '30'), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number)),
  APPROVAL_REMINDER_DAYS: positiveInt('3'),
  // how numbers and dates read for users who chose nothing in Profile (and in their emails); the browser's language wins for the locale
  DEFAULT_LOCALE: v.optional(v.pipe(v.string(), v.check((s: string) => isLocale(s), 'must be one of the Profile locales, such as en-GB, de-DE or sv-SE'), v.transform((s) => s as Locale)), 'en-GB'),
  DEFAULT_TIME_ZONE: v.optional(v.pipe(v.string(), v.check((s: string) => isTimeZone(s), 'must be an IANA time zone, such as Europe/Stockholm, or UTC')), 'UTC'),
});

export type Env = v.InferOutput<typeof EnvSchema>;

export type PageroSettings = {
  authUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  /** No PAGERO_AUTH_URL: apdesk runs its Pagero sandbox beside the app and talks to it. */
  sandbox: boolean;
  /** The File API's sendMode for Invoice Responses: Prod, or Test against the sandbox. */
  sendMode: 'Prod' | 'Test' | 'Cert';
};

export type Config = Readonly<
  Env & {
    publicUrl: string;
    embeddedDatabase: boolean;
    tokenOldKeys: Buffer[];
    pagero: PageroSettings;
  }
>;

export const SANDBOX_CLIENT = { id: 'apdesk-local', secret: 'apdesk-local-secret' };

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = v.safeParse(EnvSchema, clean);
  if (!result.success) {
    const issue = result.issues[0];
    const name = issue.path?.map((p) => String(p.key)).join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const e = result.output;
  if (e.NODE_ENV === 'production' && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
  }
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production');
  }
  if (e.NODE_ENV === 'production' && !e.TOKEN_ENCRYPTION_KEY) {
    throw new ConfigError('Invalid configuration: TOKEN_ENCRYPTION_KEY is required when NODE_ENV=production');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const realPagero = Boolean(e.PAGERO_AUTH_URL || e.PAGERO_CLIENT_ID);
  if (e.PAGERO_SANDBOX && realPagero) {
    throw new ConfigError('Invalid configuration: PAGERO_SANDBOX=true cannot be combined with PAGERO_AUTH_URL or PAGERO_CLIENT_ID (choose the sandbox or a real Pagero)');
  }
  // The sandbox, with its demo users, is for development; production runs it only when asked to.
  if (!realPagero && e.NODE_ENV === 'production' && !e.PAGERO_SANDBOX) {
    throw new ConfigError('Invalid configuration: PAGERO_CLIENT_ID and PAGERO_CLIENT_SECRET are required when NODE_ENV=production (set PAGERO_SANDBOX=true to run the demo sandbox instead)');
  }
  const sandbox = !realPagero;
  if (!sandbox && (!e.PAGERO_CLIENT_ID || !e.PAGERO_CLIENT_SECRET)) {
    throw new ConfigError(`Invalid configuration: ${e.PAGERO_CLIENT_ID ? 'PAGERO_CLIENT_SECRET' : 'PAGERO_CLIENT_ID'} is required to connect to a real Pagero (PAGERO_AUTH_URL or PAGERO_CLIENT_ID set)`);
  }
  const sandboxUrl = `http://127.0.0.1:${e.SANDBOX_PORT}`;
  const pagero: PageroSettings = {
    authUrl: (e.PAGERO_AUTH_URL ?? (sandbox ? `${sandboxUrl}/oauth/v2` : 'https://sso.pageroonline.com/oauth/v2')).replace(/\/+$/, ''),
    apiUrl: (e.PAGERO_API_URL ?? (sandbox ? sandboxUrl : 'https://api.pageroonline.com')).replace(/\/+$/, ''),
    clientId: e.PAGERO_CLIENT_ID ?? SANDBOX_CLIENT.id,
    clientSecret: e.PAGERO_CLIENT_SECRET ?? SANDBOX_CLIENT.secret,
    redirectUri: e.PAGERO_REDIRECT_URI ?? `${publicUrl}/einvoicing/callback`,
    scopes: e.PAGERO_SCOPE.split(/\s+/).filter(Boolean),
    sandbox,
    sendMode: e.PAGERO_SEND_MODE ?? (sandbox ? 'Test' : 'Prod'),
  };
  return Object.freeze({
    ...e,
    publicUrl,
    pagero,
    embeddedDatabase: !e.DATABASE_URL,
    tokenOldKeys: (e.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').filter(Boolean).map((k) => decodeKey(k)!),
  });
}
