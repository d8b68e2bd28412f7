-- Vector search needs pgvector. The embedded database always has it; a PostgreSQL
-- server may not (Debian 12 ships no pgvector package), and everything but vector
-- search works without it, so enable it where the server offers it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  END IF;
END
$$;
