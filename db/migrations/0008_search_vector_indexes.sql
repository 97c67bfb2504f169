-- Custom SQL migration file, put your code below! --
-- 0007 dropped and re-added the search_vector columns (their expression changed), which dropped their GIN
-- indexes with them; drizzle-kit's snapshot still lists the indexes, so it does not create them again.
CREATE INDEX IF NOT EXISTS "needs_fulltext_idx" ON "needs" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "offers_fulltext_idx" ON "offers" USING gin ("search_vector");
