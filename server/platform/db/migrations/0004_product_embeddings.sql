-- Product image embeddings need pgvector. Like 0001, add the column only where the
-- extension is installed, so this migration succeeds on a PostgreSQL server without it
-- (Debian ships none); similar search then answers 503 saying pgvector is needed, and
-- a later run on a server that gained pgvector can add the column by hand:
--   ALTER TABLE product_images ADD COLUMN embedding vector;
--
-- The column is an untyped `vector` (any dimension): the dimension depends on the model
-- (512 for CLIP ViT-B/32, 1280 for the test MobileNetV2), and rows from several models
-- may coexist while a catalogue is re-embedded. HNSW needs a fixed dimension, so the
-- server creates one partial expression index per embedder at first use:
--   CREATE INDEX ... USING hnsw ((embedding::vector(D)) vector_cosine_ops)
--     WITH (m = 16, ef_construction = 64) WHERE embedder_id = '<model>:<dtype>';
-- and queries repeat that expression and predicate (server/catalog/vector-store.ts).
--
-- STORAGE PLAIN keeps vectors in the row, uncompressed: a 512-d vector is 2 KB, just over
-- the TOAST threshold, and fetching every vector out of line slows both index builds and
-- exact re-ranking several-fold. A row fits in a page up to about 1,900 dimensions
-- (HNSW indexes stop at 2,000 anyway).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    ALTER TABLE product_images ADD COLUMN IF NOT EXISTS embedding vector;
    ALTER TABLE product_images ALTER COLUMN embedding SET STORAGE PLAIN;
  END IF;
END
$$;
