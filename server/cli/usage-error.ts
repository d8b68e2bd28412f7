import { UserNameSchema } from '../../utils/contract';

/** A mistake in how a command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A user name from the command line, validated; `usage` is printed when it is missing. */
export function parseUserName(raw: string | undefined, usage: string): string {
  if (raw === undefined) throw new UsageError(usage);
  const parsed = UserNameSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`Invalid user name "${raw}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
