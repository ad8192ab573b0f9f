import { check, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "./columns.ts";
import type { Priority } from "./enums.ts";

export interface HotlineNumber {
  label: string;
  number: string;
  whatsapp: boolean;
}

export type SlaMinutes = Record<Priority, number>;

/** Acknowledge-by targets from DESIGN.md; each unit may change its own. */
export const DEFAULT_SLA_MINUTES: SlaMinutes = { darurat: 5, tinggi: 60, sedang: 24 * 60, rendah: 72 * 60 };

/** A Dinas Sosial or region; everything else belongs to one, so a deployment can serve a province. */
export const units = pgTable(
  "units",
  {
    id: id(),
    name: text("name").notNull(),
    /** Three capital letters that prefix ticket codes, e.g. MTR in MTR-7K3QX. */
    code: text("code").notNull().unique(),
    regionCode: text("region_code"),
    timezone: text("timezone").notNull().default("Asia/Jakarta"),
    /** Local numbers printed on the leaflet; configurable because they change and are unverified. */
    hotlineNumbers: jsonb("hotline_numbers").$type<HotlineNumber[]>().notNull().default([]),
    slaMinutes: jsonb("sla_minutes").$type<SlaMinutes>().notNull().default(DEFAULT_SLA_MINUTES),
    /** The unit's kecamatan, so a reporter's "di Metro Barat" can be recognised as a place. */
    kecamatan: jsonb("kecamatan").$type<string[]>().notNull().default([]),
    /** Days after closing before a ticket loses the reporter's address and contact details (UU PDP). */
    retentionDays: integer("retention_days").notNull().default(365),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("units_code_format", sql`${t.code} ~ '^[A-Z]{3}$'`),
    check("units_retention_days_range", sql`${t.retentionDays} between 30 and 3650`),
  ],
);
