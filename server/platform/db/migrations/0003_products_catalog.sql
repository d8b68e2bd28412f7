CREATE TABLE "import_job_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"ref" text,
	"kind" text NOT NULL,
	"error" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"format" text,
	"location" text NOT NULL,
	"currency" text,
	"shop_url" text,
	"fingerprint" text,
	"upload" "bytea",
	"status" text DEFAULT 'queued' NOT NULL,
	"embed" boolean DEFAULT true NOT NULL,
	"embedder_id" text,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"failed_rows" integer DEFAULT 0 NOT NULL,
	"images_embedded" integer DEFAULT 0 NOT NULL,
	"image_errors" integer DEFAULT 0 NOT NULL,
	"message" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"url" text NOT NULL,
	"embedder_id" text,
	"dimensions" integer,
	"embedded_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "product_images_product_id_position_pk" PRIMARY KEY("product_id","position")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"brand" text,
	"description" text,
	"link" text NOT NULL,
	"image_url" text NOT NULL,
	"additional_image_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"price" numeric NOT NULL,
	"sale_price" numeric,
	"currency" text NOT NULL,
	"availability" text DEFAULT 'unknown' NOT NULL,
	"gtin" text,
	"mpn" text,
	"sku" text,
	"item_group_id" text,
	"color" text,
	"size" text,
	"google_product_category" text,
	"content_hash" text NOT NULL,
	"last_import_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')) STORED NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_job_errors" ADD CONSTRAINT "import_job_errors_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_job_errors_job_id_idx" ON "import_job_errors" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "import_jobs_source_idx" ON "import_jobs" USING btree ("source","created_at");--> statement-breakpoint
CREATE INDEX "product_images_embedder_idx" ON "product_images" USING btree ("embedder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_source_source_id_key" ON "products" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "products_source_last_import_idx" ON "products" USING btree ("source","last_import_id");--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin ("search_vector");