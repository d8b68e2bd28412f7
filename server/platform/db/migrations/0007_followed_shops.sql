CREATE TABLE "shop_pages" (
	"shop_id" uuid NOT NULL,
	"url" text NOT NULL,
	"etag" text,
	"last_modified" text,
	"data" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shop_pages_shop_id_url_pk" PRIMARY KEY("shop_id","url")
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid,
	"followed_by" uuid,
	"origin" text NOT NULL,
	"platform" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"products" integer DEFAULT 0 NOT NULL,
	"progress_read" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"currency" text,
	"import_job_id" uuid,
	"claimed_by" text,
	"heartbeat_at" timestamp with time zone,
	"last_refreshed_at" timestamp with time zone,
	"next_refresh_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shops_owner_origin_key" UNIQUE NULLS NOT DISTINCT("owner_id","origin")
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "shop_pages" ADD CONSTRAINT "shop_pages_shop_id_shops_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shops" ADD CONSTRAINT "shops_followed_by_users_id_fk" FOREIGN KEY ("followed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shops_next_refresh_idx" ON "shops" USING btree ("status","next_refresh_at");--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;