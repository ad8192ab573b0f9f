/*
 * Value lists live here once, as `as const` tuples, so zod schemas, the pure conversation and the
 * web console (which must not bundle drizzle) reuse them. enums.ts turns them into PostgreSQL enums.
 */

export const STAFF_ROLES = ["admin", "supervisor", "peksos"] as const;
export const SHIFT_TIERS = ["primary", "backup"] as const;
export const CHANNELS = ["telegram", "whatsapp", "web"] as const;
export const LANGUAGES = ["id", "en"] as const;

/** darurat: danger now; tinggi: serious harm happened; sedang: ongoing harm without injury; rendah: questions. */
export const PRIORITIES = ["darurat", "tinggi", "sedang", "rendah"] as const;

/** baru → diterima → ditangani → dirujuk → selesai; ditutup for spam or duplicates, with a reason. */
export const TICKET_STATUSES = ["baru", "diterima", "ditangani", "dirujuk", "selesai", "ditutup"] as const;

/** School rules (perundungan, kekerasan) and the AMPK list; harm by children is perundungan, by adults kekerasan. */
export const CATEGORIES = [
  "perundungan_fisik",
  "perundungan_verbal",
  "perundungan_sosial",
  "perundungan_siber",
  "kekerasan_fisik",
  "kekerasan_psikis",
  "kekerasan_seksual",
  "penelantaran",
  "eksploitasi",
  "abh",
  "napza",
  "menyakiti_diri",
  "lainnya",
  "bukan_laporan",
] as const;

export const REPORTER_ROLES = ["anak", "orang_tua", "guru", "lainnya"] as const;
export const VICTIM_RELATIONS = ["diri_sendiri", "teman", "anak", "murid", "lainnya"] as const;

export const TICKET_EVENT_TYPES = [
  "created",
  "triaged",
  "acknowledged",
  "assigned",
  "status_changed",
  "note",
  "message_in",
  "message_out",
  "delivery",
  "evidence",
  "referral",
  "escalation",
  "alerted",
  "override",
  "linked",
  "viewed",
] as const;
export const ACTOR_KINDS = ["system", "staff", "reporter"] as const;

export const AGENCY_TYPES = [
  "uptd_ppa",
  "polisi_ppa",
  "puskesmas",
  "sapa129",
  "sentra_kemensos",
  "sekolah_tppk",
  "dinas_pendidikan",
  "lainnya",
] as const;
export const REFERRAL_STATUSES = ["dikirim", "diterima", "ditindaklanjuti", "selesai", "ditolak"] as const;

export type Priority = (typeof PRIORITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type ReporterRole = (typeof REPORTER_ROLES)[number];
export type VictimRelation = (typeof VICTIM_RELATIONS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Language = (typeof LANGUAGES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type StaffRoleName = (typeof STAFF_ROLES)[number];
export type AgencyType = (typeof AGENCY_TYPES)[number];
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
