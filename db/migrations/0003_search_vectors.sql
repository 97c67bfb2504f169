DROP INDEX "needs_status_idx";--> statement-breakpoint
DROP INDEX "offers_status_idx";--> statement-breakpoint
DROP INDEX "needs_fulltext_idx";--> statement-breakpoint
DROP INDEX "offers_fulltext_idx";--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('french'::regconfig, "title" || ' ' || "role_label" || ' ' || "description")) STORED;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('french'::regconfig, "title" || ' ' || "description")) STORED;--> statement-breakpoint
CREATE INDEX "needs_fulltext_idx" ON "needs" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "offers_fulltext_idx" ON "offers" USING gin ("search_vector");