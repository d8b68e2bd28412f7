import { z } from 'zod';

export const UserSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isAdmin: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

/** `DELETE /v1/me/token` ("sign out"): the token the request used, now revoked. Never its secret. */
export const RevokedTokenSchema = z
  .object({
    id: z.uuid(),
    /** The token's first characters (`loupe_` and 6 more), to tell it apart from the user's other tokens. */
    prefix: z.string(),
    label: z.string(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime(),
  })
  .meta({ id: 'RevokedToken' });
export type RevokedToken = z.infer<typeof RevokedTokenSchema>;

/** A user name: what `users create NAME` accepts. Short, printable, no spaces, so it is easy to type in a shell. */
export const UserNameSchema = z
  .string()
  .min(1, 'a user name cannot be empty')
  .max(64, 'a user name has at most 64 characters')
  .regex(/^[\p{L}\p{N}._-]+$/u, 'a user name may use letters, digits, ".", "_" and "-"');

/**
 * The shape of a Loupe API token: `loupe_` and 43 base64url characters (32 random bytes).
 * Checking it client-side catches a half-pasted token before any request is made.
 */
export const API_TOKEN_PATTERN = /^loupe_[A-Za-z0-9_-]{43}$/;
export const ApiTokenSchema = z
  .string()
  .trim()
  .regex(API_TOKEN_PATTERN, 'a Loupe token starts with "loupe_" and has 49 characters in all; paste the whole token');
