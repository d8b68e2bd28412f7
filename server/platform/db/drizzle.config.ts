import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config server/platform/db/drizzle.config.ts` writes a new
// versioned migration after a change to schema.ts. Both database drivers apply
// the same migrations at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/platform/db/schema.ts',
  out: './server/platform/db/migrations',
});
