ALTER TABLE "search_outbox" DROP CONSTRAINT "search_outbox_kind_check";--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "status" text DEFAULT 'claimed' NOT NULL;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "decided_by" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "directory_listed" boolean;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "keywords" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD CONSTRAINT "ge_memberships_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD CONSTRAINT "ge_memberships_status_check" CHECK ("ge_memberships"."status" in ('claimed', 'confirmed', 'refused'));--> statement-breakpoint
ALTER TABLE "search_outbox" ADD CONSTRAINT "search_outbox_kind_check" CHECK ("search_outbox"."record_kind" in ('need', 'offer', 'post', 'structure'));