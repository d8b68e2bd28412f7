CREATE TABLE "boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"user_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"client_key" text,
	"image_url" text NOT NULL,
	"source_url" text,
	"source_title" text,
	"alt_text" text,
	"product" jsonb,
	"note" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"colors" text[] DEFAULT '{}'::text[] NOT NULL,
	"width" integer,
	"height" integer,
	"provenance_verdict" text,
	"provenance_strength" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pins_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "boards" ADD CONSTRAINT "boards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pins" ADD CONSTRAINT "pins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pins" ADD CONSTRAINT "pins_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "boards_user_id_name_key" ON "boards" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "pins_user_id_client_key_key" ON "pins" USING btree ("user_id","client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "pins_board_id_image_url_key" ON "pins" USING btree ("board_id","image_url");--> statement-breakpoint
CREATE INDEX "pins_board_id_seq_idx" ON "pins" USING btree ("board_id","seq");--> statement-breakpoint
CREATE INDEX "pins_user_id_idx" ON "pins" USING btree ("user_id");