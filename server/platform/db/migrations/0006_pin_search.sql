-- Search your saves (issue 16): words match a pin's text through a generated tsvector, meaning and
-- look-alikes through an image embedding per pin.
--
-- array_to_string is only STABLE (it may format any element type), so a generated column cannot
-- call it; for text[] it is immutable in fact, which this wrapper declares.
CREATE OR REPLACE FUNCTION loupe_words(words text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
  AS $$ SELECT array_to_string(words, ' ') $$;--> statement-breakpoint
ALTER TABLE "pins" ADD COLUMN "embedder_id" text;--> statement-breakpoint
ALTER TABLE "pins" ADD COLUMN "embedded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pins" ADD COLUMN "embed_error" text;--> statement-breakpoint
ALTER TABLE "pins" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(product->>'name', '') || ' ' || coalesce(product->>'brand', '') || ' ' || loupe_words(tags)), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(alt_text, '') || ' ' || note), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(source_title, '')), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "pins_search_idx" ON "pins" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "pins_user_embedder_idx" ON "pins" USING btree ("user_id","embedder_id");--> statement-breakpoint
-- The pin's image vector, as for product_images (0004): only where pgvector exists, untyped so
-- several models' vectors may coexist while pins are re-embedded, kept in the row (STORAGE PLAIN).
-- No HNSW index: every query is one person's pins, an exact scan of which is fast and exact,
-- where a shared approximate index would have to skip everyone else's.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    ALTER TABLE pins ADD COLUMN IF NOT EXISTS embedding vector;
    ALTER TABLE pins ALTER COLUMN embedding SET STORAGE PLAIN;
  END IF;
END
$$;
