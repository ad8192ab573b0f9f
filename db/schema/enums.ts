import { pgEnum } from "drizzle-orm/pg-core";
import {
  ACTOR_KINDS,
  AGENCY_TYPES,
  CATEGORIES,
  CHANNELS,
  LANGUAGES,
  PRIORITIES,
  REFERRAL_STATUSES,
  REPORTER_ROLES,
  SHIFT_TIERS,
  STAFF_ROLES,
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
  VICTIM_RELATIONS,
} from "./values.ts";

/* The PostgreSQL enums over the value lists of values.ts, which everything else imports through here too. */
export * from "./values.ts";

export const staffRole = pgEnum("staff_role", STAFF_ROLES);
export const shiftTier = pgEnum("shift_tier", SHIFT_TIERS);
export const channel = pgEnum("channel", CHANNELS);
export const language = pgEnum("language", LANGUAGES);
export const priority = pgEnum("priority", PRIORITIES);
export const ticketStatus = pgEnum("ticket_status", TICKET_STATUSES);
export const category = pgEnum("category", CATEGORIES);
export const reporterRole = pgEnum("reporter_role", REPORTER_ROLES);
export const victimRelation = pgEnum("victim_relation", VICTIM_RELATIONS);
export const ticketEventType = pgEnum("ticket_event_type", TICKET_EVENT_TYPES);
export const actorKind = pgEnum("actor_kind", ACTOR_KINDS);
export const agencyType = pgEnum("agency_type", AGENCY_TYPES);
export const referralStatus = pgEnum("referral_status", REFERRAL_STATUSES);
