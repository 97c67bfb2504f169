CREATE TABLE "needs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "needs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"created_by" integer,
	"role_code" text NOT NULL,
	"role_label" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"hours_hundredths" integer NOT NULL,
	"slots_needed" integer NOT NULL,
	"allowed_slots" text[] NOT NULL,
	"commune_code" text NOT NULL,
	"commune_name" text NOT NULL,
	"departement" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"coords_approximate" boolean DEFAULT false NOT NULL,
	"max_travel_km" integer NOT NULL,
	"start_date" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "needs_status_check" CHECK ("needs"."status" in ('draft','published','in_composition','filled','withdrawn')),
	CONSTRAINT "needs_hours_check" CHECK ("needs"."hours_hundredths" > 0 and "needs"."hours_hundredths" <= 3500),
	CONSTRAINT "needs_slots_check" CHECK ("needs"."slots_needed" between 1 and 12 and cardinality("needs"."allowed_slots") >= "needs"."slots_needed" and "needs"."allowed_slots" <@ array['mon-am','mon-pm','tue-am','tue-pm','wed-am','wed-pm','thu-am','thu-pm','fri-am','fri-pm','sat-am','sat-pm']::text[]),
	CONSTRAINT "needs_travel_check" CHECK ("needs"."max_travel_km" between 0 and 500)
);
--> statement-breakpoint
CREATE TABLE "offer_interests" (
	"offer_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_interests_offer_id_organization_id_pk" PRIMARY KEY("offer_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"created_by" integer,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"departements" text[] NOT NULL,
	"tender_deadline" date,
	"partner_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_kind_check" CHECK ("offers"."kind" in ('gme','pooling','staff_lending','joint_purchasing','shared_premises','other')),
	CONSTRAINT "offers_status_check" CHECK ("offers"."status" in ('draft','published','closed','withdrawn')),
	CONSTRAINT "offers_departements_check" CHECK (cardinality("offers"."departements") between 1 and 110)
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_searches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"label" text NOT NULL,
	"query" text NOT NULL,
	"frequency" text DEFAULT 'weekly' NOT NULL,
	"last_digest_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_searches_frequency_check" CHECK ("saved_searches"."frequency" in ('none', 'daily', 'weekly'))
);
--> statement-breakpoint
CREATE TABLE "search_outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"record_kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"claim_token" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_outbox_kind_check" CHECK ("search_outbox"."record_kind" in ('need', 'offer'))
);
--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_interests" ADD CONSTRAINT "offer_interests_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_interests" ADD CONSTRAINT "offer_interests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_interests" ADD CONSTRAINT "offer_interests_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_organization_idx" ON "needs" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "needs_fulltext_idx" ON "needs" USING gin (to_tsvector('french'::regconfig, "title" || ' ' || "role_label" || ' ' || "description"));--> statement-breakpoint
CREATE INDEX "offer_interests_organization_idx" ON "offer_interests" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "offers_organization_idx" ON "offers" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "offers_status_idx" ON "offers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "offers_fulltext_idx" ON "offers" USING gin (to_tsvector('french'::regconfig, "title" || ' ' || "description"));--> statement-breakpoint
CREATE INDEX "saved_searches_person_idx" ON "saved_searches" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "search_outbox_due_idx" ON "search_outbox" USING btree ("next_attempt_at");