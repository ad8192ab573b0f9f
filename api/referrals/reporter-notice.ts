import type { i18n } from "i18next";
import type { AgencyType, Language, ReporterRole } from "../../db/schema/enums.ts";

/*
 * What the reporter is told when their report is passed on: in simple words, in their language,
 * aku/kamu for a child and Bapak/Ibu for an adult. It names the kind of service only: never the
 * agency's name or contacts, the peksos's name or the referral note (those are for staff).
 */

export interface NoticeTicket {
  code: string;
  language: Language;
  reporterRole: ReporterRole | null;
}

export type ReferralNotice = (ticket: NoticeTicket, agencyType: AgencyType) => string;

/** Child words unless the reporter said they are an adult, as in the conversation itself. */
function audienceOf(role: ReporterRole | null): "child" | "adult" {
  return role === null || role === "anak" ? "child" : "adult";
}

export function createReferralNotice(i18n: i18n): ReferralNotice {
  return (ticket, agencyType) => {
    const t = i18n.getFixedT(ticket.language, "referrals");
    const audience = audienceOf(ticket.reporterRole);
    return t(`reporter.referred_${audience}`, { code: ticket.code, service: t(`reporter.services_${audience}.${agencyType}`) });
  };
}
