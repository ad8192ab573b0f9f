CREATE TABLE "channel_links" (
	"channel" "channel" PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"state_since" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"reason" text,
	"qr" text,
	"qr_updated_at" timestamp with time zone,
	"alerted_state" text
);
--> statement-breakpoint
CREATE TABLE "media_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"mime_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff" RENAME COLUMN "telegram_link_code_hash" TO "link_code_hash";--> statement-breakpoint
ALTER TABLE "staff" RENAME COLUMN "telegram_link_expires_at" TO "link_code_expires_at";--> statement-breakpoint
ALTER TABLE "staff" DROP CONSTRAINT "staff_telegram_link_code_hash_unique";--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "whatsapp_address" text;--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "alert_channel" "channel";--> statement-breakpoint
CREATE INDEX "media_files_created_idx" ON "media_files" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_whatsapp_address_unique" UNIQUE("whatsapp_address");--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_link_code_hash_unique" UNIQUE("link_code_hash");--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_alert_channel_linked" CHECK ("staff"."alert_channel" is null or ("staff"."alert_channel" = 'telegram' and "staff"."telegram_chat_id" is not null) or ("staff"."alert_channel" = 'whatsapp' and "staff"."whatsapp_address" is not null));--> statement-breakpoint
-- Staff who linked Telegram before WhatsApp existed keep getting their alerts there.
UPDATE "staff" SET "alert_channel" = 'telegram' WHERE "telegram_chat_id" IS NOT NULL;