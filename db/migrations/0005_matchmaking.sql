CREATE TABLE "matchmaking_outcome_organizations" (
	"outcome_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	CONSTRAINT "matchmaking_outcome_organizations_outcome_id_organization_id_pk" PRIMARY KEY("outcome_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_outcomes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matchmaking_outcomes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"kind" text NOT NULL,
	"composition_id" integer,
	"post_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"due_date" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_outcomes_kind_check" CHECK ("matchmaking_outcomes"."kind" in ('composition_agreed','ge_to_create','post_opened','follow_up'))
);
--> statement-breakpoint
CREATE TABLE "matchmaking_session_needs" (
	"session_id" integer NOT NULL,
	"need_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_session_needs_session_id_need_id_pk" PRIMARY KEY("session_id","need_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_session_offers" (
	"session_id" integer NOT NULL,
	"offer_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_session_offers_session_id_offer_id_pk" PRIMARY KEY("session_id","offer_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_session_organizations" (
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invitation_sent_at" timestamp with time zone,
	CONSTRAINT "matchmaking_session_organizations_session_id_organization_id_pk" PRIMARY KEY("session_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matchmaking_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"commune_code" text NOT NULL,
	"commune_name" text NOT NULL,
	"departements" text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"last_run" jsonb,
	"created_by" integer,
	"held_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_sessions_kind_check" CHECK ("matchmaking_sessions"."kind" in ('rencontre_affaires','club_rh')),
	CONSTRAINT "matchmaking_sessions_status_check" CHECK ("matchmaking_sessions"."status" in ('planned','held','cancelled')),
	CONSTRAINT "matchmaking_sessions_times_check" CHECK ("matchmaking_sessions"."ends_at" > "matchmaking_sessions"."starts_at"),
	CONSTRAINT "matchmaking_sessions_departements_check" CHECK (cardinality("matchmaking_sessions"."departements") between 1 and 110)
);
--> statement-breakpoint
ALTER TABLE "matchmaking_outcome_organizations" ADD CONSTRAINT "matchmaking_outcome_organizations_outcome_id_matchmaking_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."matchmaking_outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_outcome_organizations" ADD CONSTRAINT "matchmaking_outcome_organizations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_outcomes" ADD CONSTRAINT "matchmaking_outcomes_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_outcomes" ADD CONSTRAINT "matchmaking_outcomes_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_outcomes" ADD CONSTRAINT "matchmaking_outcomes_post_id_shared_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."shared_posts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_outcomes" ADD CONSTRAINT "matchmaking_outcomes_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_needs" ADD CONSTRAINT "matchmaking_session_needs_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_needs" ADD CONSTRAINT "matchmaking_session_needs_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_offers" ADD CONSTRAINT "matchmaking_session_offers_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_offers" ADD CONSTRAINT "matchmaking_session_offers_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_organizations" ADD CONSTRAINT "matchmaking_session_organizations_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_session_organizations" ADD CONSTRAINT "matchmaking_session_organizations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_sessions" ADD CONSTRAINT "matchmaking_sessions_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matchmaking_outcome_organizations_org_idx" ON "matchmaking_outcome_organizations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "matchmaking_outcomes_session_idx" ON "matchmaking_outcomes" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "matchmaking_session_needs_need_idx" ON "matchmaking_session_needs" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "matchmaking_session_offers_offer_idx" ON "matchmaking_session_offers" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "matchmaking_session_organizations_org_idx" ON "matchmaking_session_organizations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "matchmaking_sessions_starts_idx" ON "matchmaking_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "matchmaking_sessions_departements_idx" ON "matchmaking_sessions" USING gin ("departements");