import { z } from 'zod';

/** The API's major version. A client built for another major version refuses to talk to the server. */
export const API_VERSION = 1;

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    service: z.literal('loupe'),
    version: z.string(),
    apiVersion: z.number().int(),
    database: z.enum(['pglite', 'postgres']),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;
