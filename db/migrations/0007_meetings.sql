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
CREATE INDEX "meeting_slots_session_idx" ON "meeting_slots" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_tables_session_name_key" ON "meeting_tables" USING btree ("session_id","name");--> statement-breakpoint
CREATE INDEX "meeting_unavailabilities_session_idx" ON "meeting_unavailabilities" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_meetings_pair_key" ON "session_meetings" USING btree ("session_id","organization_low_id","organization_high_id");--> statement-breakpoint
CREATE INDEX "session_meetings_high_idx" ON "session_meetings" USING btree ("session_id","organization_high_id");