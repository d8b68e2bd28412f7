import pino from 'pino';

/** Structured logs. Nothing logs request headers, so tokens never reach a log file. */
export function createLogger(level: string) {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', '*.token'] });
}
export type Logger = ReturnType<typeof createLogger>;
