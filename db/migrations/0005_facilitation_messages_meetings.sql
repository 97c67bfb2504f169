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
CREATE TABLE "meeting_plans" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"planned_at" timestamp with time zone,
	"planned_by" integer,
	"stats" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meeting_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_slots_times_check" CHECK ("meeting_slots"."ends_at" > "meeting_slots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "meeting_tables" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meeting_tables_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_unavailabilities" (
	"slot_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	CONSTRAINT "meeting_unavailabilities_slot_id_organization_id_pk" PRIMARY KEY("slot_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "session_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"organization_low_id" integer NOT NULL,
	"organization_high_id" integer NOT NULL,
	"requested_by_organization_id" integer,
	"requested_by" integer,
	"source" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"slot_id" integer,
	"table_id" integer,
	"locked" boolean DEFAULT false NOT NULL,
	"unscheduled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_meetings_pair_order_check" CHECK ("session_meetings"."organization_low_id" < "session_meetings"."organization_high_id"),
	CONSTRAINT "session_meetings_source_check" CHECK ("session_meetings"."source" in ('participant','facilitator','suggested'))
);
--> statement-breakpoint
CREATE TABLE "composition_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "composition_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"composition_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"body" text NOT NULL,
	"source" text DEFAULT 'web' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"link" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
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
ALTER TABLE "meeting_plans" ADD CONSTRAINT "meeting_plans_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_plans" ADD CONSTRAINT "meeting_plans_planned_by_people_id_fk" FOREIGN KEY ("planned_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_slots" ADD CONSTRAINT "meeting_slots_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_tables" ADD CONSTRAINT "meeting_tables_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_unavailabilities" ADD CONSTRAINT "meeting_unavailabilities_slot_id_meeting_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."meeting_slots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_unavailabilities" ADD CONSTRAINT "meeting_unavailabilities_invited_fk" FOREIGN KEY ("session_id","organization_id") REFERENCES "public"."matchmaking_session_organizations"("session_id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_session_id_matchmaking_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."matchmaking_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_organization_low_id_organizations_id_fk" FOREIGN KEY ("organization_low_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_organization_high_id_organizations_id_fk" FOREIGN KEY ("organization_high_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_requested_by_organization_id_organizations_id_fk" FOREIGN KEY ("requested_by_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_requested_by_people_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_slot_id_meeting_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."meeting_slots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_table_id_meeting_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."meeting_tables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_low_invited_fk" FOREIGN KEY ("session_id","organization_low_id") REFERENCES "public"."matchmaking_session_organizations"("session_id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_meetings" ADD CONSTRAINT "session_meetings_high_invited_fk" FOREIGN KEY ("session_id","organization_high_id") REFERENCES "public"."matchmaking_session_organizations"("session_id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_messages" ADD CONSTRAINT "composition_messages_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_messages" ADD CONSTRAINT "composition_messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_messages" ADD CONSTRAINT "composition_messages_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matchmaking_outcome_organizations_org_idx" ON "matchmaking_outcome_organizations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "matchmaking_outcomes_session_idx" ON "matchmaking_outcomes" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "matchmaking_session_needs_need_idx" ON "matchmaking_session_needs" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "matchmaking_session_offers_offer_idx" ON "matchmaking_session_offers" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "matchmaking_session_organizations_org_idx" ON "matchmaking_session_organizations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "matchmaking_sessions_starts_idx" ON "matchmaking_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "matchmaking_sessions_departements_idx" ON "matchmaking_sessions" USING gin ("departements");--> statement-breakpoint
CREATE INDEX "meeting_slots_session_idx" ON "meeting_slots" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_tables_session_name_key" ON "meeting_tables" USING btree ("session_id","name");--> statement-breakpoint
CREATE INDEX "meeting_unavailabilities_session_idx" ON "meeting_unavailabilities" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_meetings_pair_key" ON "session_meetings" USING btree ("session_id","organization_low_id","organization_high_id");--> statement-breakpoint
CREATE INDEX "session_meetings_high_idx" ON "session_meetings" USING btree ("session_id","organization_high_id");--> statement-breakpoint
CREATE INDEX "composition_messages_thread_idx" ON "composition_messages" USING btree ("composition_id","id");--> statement-breakpoint
CREATE INDEX "notifications_person_idx" ON "notifications" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("person_id") WHERE read_at is null;--> statement-breakpoint
CREATE INDEX "needs_published_at_idx" ON "needs" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "compositions_decided_at_idx" ON "compositions" USING btree ("decided_at");