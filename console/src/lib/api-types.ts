/**
 * The API's own zod schemas, as types only (erased from the bundle): a field renamed in the API
 * breaks the console's type check instead of a page in the field.
 */
import type { z } from "zod";
import type { MeSchema, StaffSchema } from "../../../api/auth/schemas.ts";

export type Me = z.infer<typeof MeSchema>;
export type Staff = z.infer<typeof StaffSchema>;
export type StaffRole = Staff["role"];
import type { QueueItemSchema, TicketDetailSchema, TicketQueueSchema, TimelineEventSchema } from "../../../api/tickets/ticket-schemas.ts";
import type { TicketTriageSchema } from "../../../api/tickets/triage-schemas.ts";
import type { ShiftSchema, OnCallNowSchema, RosterGapsSchema } from "../../../api/oncall/schemas.ts";
import type { AgencySchema } from "../../../api/referrals/agency-schemas.ts";
import type { ReferralSchema } from "../../../api/referrals/referral-schemas.ts";
import type { StaffAccountSchema, UnitSchema } from "../../../api/admin/schemas.ts";
import type { StatsSchema } from "../../../api/stats/stats-schemas.ts";
import type { ChannelLinkSchema } from "../../../api/channels/link-schemas.ts";
import type { ChatLinkStatusSchema } from "../../../api/oncall/staff-link-schemas.ts";

export type QueueItem = z.infer<typeof QueueItemSchema>;
export type TicketQueue = z.infer<typeof TicketQueueSchema>;
export type TicketDetail = z.infer<typeof TicketDetailSchema>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
export type TicketTriage = z.infer<typeof TicketTriageSchema>;
export type Shift = z.infer<typeof ShiftSchema>;
export type OnCallNow = z.infer<typeof OnCallNowSchema>;
export type RosterGaps = z.infer<typeof RosterGapsSchema>;
export type Agency = z.infer<typeof AgencySchema>;
export type Referral = z.infer<typeof ReferralSchema>;
export type StaffAccount = z.infer<typeof StaffAccountSchema>;
export type Unit = z.infer<typeof UnitSchema>;
export type Stats = z.infer<typeof StatsSchema>;
export type ChannelLink = z.infer<typeof ChannelLinkSchema>;
export type ChatLinkStatus = z.infer<typeof ChatLinkStatusSchema>;
import type { SchoolListSchema } from "../../../api/schools/school-schemas.ts";
import type { LeafletSchema } from "../../../api/schools/leaflet-schemas.ts";
import type { ChannelListSchema } from "../../../api/channels/link-schemas.ts";

export type SchoolList = z.infer<typeof SchoolListSchema>;
export type Leaflet = z.infer<typeof LeafletSchema>;
export type ChannelList = z.infer<typeof ChannelListSchema>;
import type { TicketChangeSchema } from "../../../api/events/event-schemas.ts";
export type TicketChange = z.infer<typeof TicketChangeSchema>;
import type { StaffListSchema } from "../../../api/admin/schemas.ts";
export type StaffList = z.infer<typeof StaffListSchema>;
import type { CreatedReferralSchema, TicketReferralListSchema } from "../../../api/referrals/referral-schemas.ts";
import type { AgencyListSchema } from "../../../api/referrals/agency-schemas.ts";
import type { LinkGroupSchema } from "../../../api/tickets/ticket-schemas.ts";
export type CreatedReferral = z.infer<typeof CreatedReferralSchema>;
export type TicketReferralList = z.infer<typeof TicketReferralListSchema>;
export type AgencyList = z.infer<typeof AgencyListSchema>;
export type IncidentGroup = z.infer<typeof LinkGroupSchema>;
import type { LinkCodeSchema } from "../../../api/oncall/staff-link-schemas.ts";
export type LinkCode = z.infer<typeof LinkCodeSchema>;
