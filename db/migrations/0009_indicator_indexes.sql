CREATE INDEX "compositions_decided_at_idx" ON "compositions" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "needs_published_at_idx" ON "needs" USING btree ("published_at");