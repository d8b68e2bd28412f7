import { sqlStateOf } from './sql-state';

/** PostgreSQL's "unique_violation" (23505), as both drivers report it (drizzle may wrap it in `cause`). */
export const isUniqueViolation = (error: unknown): boolean => sqlStateOf(error) === '23505';
