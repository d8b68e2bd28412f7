import pino from 'pino';

/** Structured logs. Nothing logs request headers, so tokens never reach a log file. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = { level, base: undefined, redact: ['req.headers.authorization', '*.token'] };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;
