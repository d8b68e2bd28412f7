import pino from 'pino';
import { sqlStateOf } from './db/sql-state';

/** Structured logs. Nothing logs request headers, so tokens never reach a log file. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = { level, base: undefined, redact: ['req.headers.authorization', '*.token'] };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;

/**
 * What a log line keeps of a failure: its kind, its codes (SQLSTATE, a fetch refusal's code) and
 * where it was thrown, never its message. Messages carry request content: drizzle's "Failed query"
 * lists the query's parameters (a board name, a note), PostgreSQL quotes the values it refuses,
 * JSON.parse quotes its input and a refused fetch names the host.
 */
export function loggableError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const causes: string[] = [];
  for (let cause = error.cause; cause instanceof Error && causes.length < 5; cause = cause.cause)
    causes.push(cause.name);
  return {
    type: error.name,
    ...(causes.length > 0 ? { causes } : {}),
    sqlState: sqlStateOf(error),
    // The frames only: a stack's first line repeats the message.
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .map((line) => line.trim()),
  };
}
