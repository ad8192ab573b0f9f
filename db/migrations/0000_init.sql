CREATE TYPE "public"."actor_kind" AS ENUM('system', 'staff', 'reporter');--> statement-breakpoint
CREATE TYPE "public"."agency_type" AS ENUM('uptd_ppa', 'polisi_ppa', 'puskesmas', 'sapa129', 'sentra_kemensos', 'sekolah_tppk', 'dinas_pendidikan', 'lainnya');--> statement-breakpoint
CREATE TYPE "public"."category" AS ENUM('perundungan_fisik', 'perundungan_verbal', 'perundungan_sosial', 'perundungan_siber', 'kekerasan_fisik', 'kekerasan_psikis', 'kekerasan_seksual', 'penelantaran', 'eksploitasi', 'abh', 'napza', 'menyakiti_diri', 'lainnya', 'bukan_laporan');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('telegram', 'whatsapp', 'web');--> statement-breakpoint
CREATE TYPE "public"."language" AS ENUM('id', 'en');--> statement-breakpoint
CREATE TYPE "public"."priority" AS ENUM('darurat', 'tinggi', 'sedang', 'rendah');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('dikirim', 'diterima', 'ditindaklanjuti', 'selesai', 'ditolak');--> statement-breakpoint
CREATE TYPE "public"."reporter_role" AS ENUM('anak', 'orang_tua', 'guru', 'lainnya');--> statement-breakpoint
CREATE TYPE "public"."shift_tier" AS ENUM('primary', 'backup');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('admin', 'supervisor', 'peksos');--> statement-breakpoint
CREATE TYPE "public"."ticket_event_type" AS ENUM('created', 'triaged', 'acknowledged', 'assigned', 'status_changed', 'note', 'message_in', 'message_out', 'delivery', 'evidence', 'referral', 'escalation', 'override', 'linked', 'viewed');--> statement-breakpoint
CREATE TYPE "public"."ticket_status" AS ENUM('baru', 'diterima', 'ditangani', 'dirujuk', 'selesai', 'ditutup');--> statement-breakpoint
CREATE TYPE "public"."victim_relation" AS ENUM('diri_sendiri', 'teman', 'anak', 'murid', 'lainnya');--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"region_code" text,
	"timezone" text DEFAULT 'Asia/Jakarta' NOT NULL,
	"hotline_numbers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sla_minutes" jsonb DEFAULT '{"darurat":5,"tinggi":60,"sedang":1440,"rendah":4320}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_code_unique" UNIQUE("code"),
	CONSTRAINT "units_code_format" CHECK ("units"."code" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"tier" "shift_tier" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shifts_ends_after_start" CHECK ("shifts"."ends_at" > "shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "staff_role" NOT NULL,
	"password_hash" text NOT NULL,
	"phone" text,
	"telegram_chat_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_email_unique" UNIQUE("email"),
	CONSTRAINT "staff_telegram_chat_id_unique" UNIQUE("telegram_chat_id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reporter_id" uuid NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_reporter_id_unique" UNIQUE("reporter_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"external_id" text NOT NULL,
	"reporter_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_channel_external_id_key" UNIQUE("channel","external_id")
);
--> statement-breakpoint
CREATE TABLE "reporters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"address" text NOT NULL,
	"language" "language" DEFAULT 'id' NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporters_channel_address_key" UNIQUE("channel","address")
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"type" "ticket_event_type" NOT NULL,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_staff_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"code" text NOT NULL,
	"pin_hash" text,
	"status" "ticket_status" DEFAULT 'baru' NOT NULL,
	"priority" "priority" NOT NULL,
	"category" "category" NOT NULL,
	"reporter_id" uuid,
	"channel" "channel",
	"language" "language" DEFAULT 'id' NOT NULL,
	"reporter_role" "reporter_role",
	"victim_relation" "victim_relation",
	"victim_age" integer,
	"victim_grade" text,
	"school_name" text,
	"school_code" text,
	"kecamatan" text,
	"location" text,
	"incident_when" text,
	"frequency" text,
	"description" text,
	"in_danger" boolean DEFAULT false NOT NULL,
	"anonymous" boolean DEFAULT true NOT NULL,
	"reporter_name" text,
	"reporter_phone" text,
	"consent_to_contact" boolean DEFAULT false NOT NULL,
	"incomplete" boolean DEFAULT false NOT NULL,
	"triage_signals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assignee_id" uuid,
	"sla_due_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_code_unique" UNIQUE("code"),
	CONSTRAINT "tickets_code_format" CHECK ("tickets"."code" ~ '^[A-Z]{3}-[A-Z0-9]{5}$'),
	CONSTRAINT "tickets_victim_age_range" CHECK ("tickets"."victim_age" is null or "tickets"."victim_age" between 0 and 25)
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" "agency_type" NOT NULL,
	"phone" text,
	"whatsapp" text,
	"email" text,
	"address" text,
	"notes" text,
	"is_example" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"status" "referral_status" DEFAULT 'dikirim' NOT NULL,
	"note" text,
	"due_at" timestamp with time zone,
	"rejection_reason" text,
	"created_by_id" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_reporter_id_reporters_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."reporters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_reporter_id_reporters_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."reporters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_actor_staff_id_staff_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_reporter_id_reporters_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."reporters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_id_staff_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_id_staff_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shifts_unit_time_idx" ON "shifts" USING btree ("unit_id","starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "staff_unit_idx" ON "staff" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "inbound_messages_received_idx" ON "inbound_messages" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" USING btree ("unit_id","status","priority","sla_due_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "tickets_reporter_idx" ON "tickets" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "agencies_unit_idx" ON "agencies" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "referrals_ticket_idx" ON "referrals" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "referrals_status_due_idx" ON "referrals" USING btree ("status","due_at");