CREATE TABLE "sign_up_requests" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"suite" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_tasks" (
	"upload_id" text PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"filename" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"phase" text DEFAULT 'reading' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content" "bytea" NOT NULL,
	"mapping" jsonb,
	"analysis_key" text,
	"analysis" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_uploads_size" CHECK (octet_length("import_uploads"."content") <= 10485760)
);
--> statement-breakpoint
CREATE TABLE "need_suggestions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "need_suggestions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"need_id" integer NOT NULL,
	"need_version" integer NOT NULL,
	"rank" integer NOT NULL,
	"change" jsonb NOT NULL,
	"positions_gained" integer NOT NULL,
	"members" jsonb NOT NULL,
	"hours_hundredths" integer NOT NULL,
	"max_distance_km" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"resets_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "needs" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, mosaique_search_words("title")), 'A') || setweight(to_tsvector('simple'::regconfig, lower("role_code") || ' ' || mosaique_search_words("role_label")), 'B') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("commune_name")), 'C') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("description")), 'D')) STORED;--> statement-breakpoint
ALTER TABLE "offers" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, mosaique_search_words("title")), 'A') || setweight(to_tsvector('simple'::regconfig, mosaique_search_words("description")), 'D')) STORED;--> statement-breakpoint
ALTER TABLE "matching_runs" ADD COLUMN "interrupted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "claim_token" text;--> statement-breakpoint
ALTER TABLE "composition_messages" ADD COLUMN "mail_message_id" text;--> statement-breakpoint
ALTER TABLE "import_tasks" ADD CONSTRAINT "import_tasks_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_suggestions" ADD CONSTRAINT "need_suggestions_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_up_requests_expires_at_idx" ON "sign_up_requests" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "import_tasks_updated_idx" ON "import_tasks" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "import_uploads_owner_idx" ON "import_uploads" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "import_uploads_expiry_idx" ON "import_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "need_suggestions_need_rank_key" ON "need_suggestions" USING btree ("need_id","rank");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_resets_at_idx" ON "rate_limit_hits" USING btree ("resets_at");--> statement-breakpoint
CREATE UNIQUE INDEX "composition_messages_mail_key" ON "composition_messages" USING btree ("composition_id","mail_message_id");