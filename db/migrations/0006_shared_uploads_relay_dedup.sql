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
ALTER TABLE "composition_messages" ADD COLUMN "mail_message_id" text;--> statement-breakpoint
ALTER TABLE "import_tasks" ADD CONSTRAINT "import_tasks_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_tasks_updated_idx" ON "import_tasks" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "import_uploads_owner_idx" ON "import_uploads" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "import_uploads_expiry_idx" ON "import_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "composition_messages_mail_key" ON "composition_messages" USING btree ("composition_id","mail_message_id");