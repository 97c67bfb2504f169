CREATE TABLE "matching_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matching_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reason" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matchmaking_event_mails" (
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_event_mails_session_id_organization_id_kind_pk" PRIMARY KEY("session_id","organization_id","kind"),
	CONSTRAINT "matchmaking_event_mails_kind_check" CHECK ("matchmaking_event_mails"."kind" in ('week_before','day_before','follow_up'))
);
--> statement-breakpoint
CREATE TABLE "matchmaking_event_settings" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"programme" text DEFAULT '' NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"auto_accept" boolean DEFAULT false NOT NULL,
	"series_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_event_settings_capacity_check" CHECK ("matchmaking_event_settings"."capacity" is null or "matchmaking_event_settings"."capacity" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "matchmaking_follow_ups" (
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"answers" text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"answered_by" integer,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_follow_ups_session_id_organization_id_pk" PRIMARY KEY("session_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_registrations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matchmaking_registrations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"status" text NOT NULL,
	"need_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"offer_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"seeks" text DEFAULT '' NOT NULL,
	"registered_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "matchmaking_registrations_status_check" CHECK ("matchmaking_registrations"."status" in ('pending','accepted','waitlisted','declined','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "matchmaking_satisfaction" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matchmaking_satisfaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"usefulness" integer NOT NULL,
	"organisation" integer NOT NULL,
	"would_return" boolean NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "matchmaking_satisfaction_usefulness_check" CHECK ("matchmaking_satisfaction"."usefulness" between 1 and 5),
	CONSTRAINT "matchmaking_satisfaction_organisation_check" CHECK ("matchmaking_satisfaction"."organisation" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "matchmaking_satisfaction_respondents" (
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	CONSTRAINT "matchmaking_satisfaction_respondents_session_id_organization_id_pk" PRIMARY KEY("session_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "matchmaking_series" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matchmaking_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territory_figures_cache" (
	"scope" text PRIMARY KEY NOT NULL,
	"figures" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_outbox" DROP CONSTRAINT "search_outbox_kind_check";--> statement-breakpoint
ALTER TABLE "composition_decisions" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD COLUMN "imported" jsonb;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "status" text DEFAULT 'claimed' NOT NULL;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD COLUMN "decided_by" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "directory_listed" boolean;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "keywords" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD COLUMN "status" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "post_candidates" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD COLUMN "pay_min_cents" integer;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD COLUMN "pay_max_cents" integer;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD COLUMN "pay_unit" text;--> statement-breakpoint
ALTER TABLE "matchmaking_event_mails" ADD CONSTRAINT "matchmaking_event_mails_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_event_mails" ADD CONSTRAINT "matchmaking_event_mails_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_event_settings" ADD CONSTRAINT "matchmaking_event_settings_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_event_settings" ADD CONSTRAINT "matchmaking_event_settings_series_id_matchmaking_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."matchmaking_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_follow_ups" ADD CONSTRAINT "matchmaking_follow_ups_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_follow_ups" ADD CONSTRAINT "matchmaking_follow_ups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_follow_ups" ADD CONSTRAINT "matchmaking_follow_ups_answered_by_people_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_registrations" ADD CONSTRAINT "matchmaking_registrations_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_registrations" ADD CONSTRAINT "matchmaking_registrations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_registrations" ADD CONSTRAINT "matchmaking_registrations_registered_by_people_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_satisfaction" ADD CONSTRAINT "matchmaking_satisfaction_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_satisfaction_respondents" ADD CONSTRAINT "matchmaking_satisfaction_respondents_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_satisfaction_respondents" ADD CONSTRAINT "matchmaking_satisfaction_respondents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matchmaking_series" ADD CONSTRAINT "matchmaking_series_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matchmaking_event_settings_series_idx" ON "matchmaking_event_settings" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matchmaking_registrations_session_org_key" ON "matchmaking_registrations" USING btree ("session_id","organization_id");--> statement-breakpoint
CREATE INDEX "matchmaking_registrations_waiting_idx" ON "matchmaking_registrations" USING btree ("session_id","status","created_at");--> statement-breakpoint
CREATE INDEX "matchmaking_satisfaction_session_idx" ON "matchmaking_satisfaction" USING btree ("session_id");--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD CONSTRAINT "ge_memberships_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_updated_at_idx" ON "needs" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "ge_memberships" ADD CONSTRAINT "ge_memberships_status_check" CHECK ("ge_memberships"."status" in ('claimed', 'confirmed', 'refused'));--> statement-breakpoint
ALTER TABLE "post_candidates" ADD CONSTRAINT "post_candidates_status_check" CHECK ("post_candidates"."status" in ('new','contacted','interview','retained','rejected'));--> statement-breakpoint
ALTER TABLE "shared_posts" ADD CONSTRAINT "shared_posts_pay_check" CHECK (("shared_posts"."pay_min_cents" is null and "shared_posts"."pay_max_cents" is null and "shared_posts"."pay_unit" is null) or ("shared_posts"."pay_min_cents" > 0 and "shared_posts"."pay_max_cents" >= "shared_posts"."pay_min_cents" and "shared_posts"."pay_unit" in ('month', 'hour')));--> statement-breakpoint
ALTER TABLE "search_outbox" ADD CONSTRAINT "search_outbox_kind_check" CHECK ("search_outbox"."record_kind" in ('need', 'offer', 'post', 'structure'));