CREATE TABLE "import_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"state" text DEFAULT 'writing' NOT NULL,
	"upload_id" text,
	"lease_until" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "import_batch_id" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "import_batch_id" integer;--> statement-breakpoint
CREATE INDEX "import_batches_writing_idx" ON "import_batches" USING btree ("lease_until") WHERE "import_batches"."state" = 'writing';--> statement-breakpoint
CREATE INDEX "needs_import_batch_idx" ON "needs" USING btree ("import_batch_id") WHERE "needs"."import_batch_id" is not null;--> statement-breakpoint
CREATE INDEX "organizations_import_batch_idx" ON "organizations" USING btree ("import_batch_id") WHERE "organizations"."import_batch_id" is not null;