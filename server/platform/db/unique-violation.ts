import { errorCodesOf } from './sql-state';

/** PostgreSQL's "unique_violation" (23505), as both drivers report it (drizzle may wrap it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  return errorCodesOf(error).includes('23505');
}
