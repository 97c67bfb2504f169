ALTER TABLE "post_candidates" ADD COLUMN "status" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD CONSTRAINT "post_candidates_status_check" CHECK ("post_candidates"."status" in ('new','contacted','interview','retained','rejected'));