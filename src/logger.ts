/*
 * Structured JSON logs. Each line written while handling a request or a job carries
 * its request id through AsyncLocalStorage, so no call site has to pass it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

export const logContext = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'apdesk' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const context = logContext.getStore();
        return context ? { requestId: context.requestId } : {};
      },
      redact: { paths: ['password', '*.password', 'token', '*.token', 'accessToken', 'refreshToken', '*.accessToken', '*.refreshToken'], censor: '[redacted]' },
    },
    destination,
  );
}
