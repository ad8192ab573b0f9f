import { boolean, check, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "./columns.ts";
import { units } from "./units.ts";

/**
 * Schools that received the leaflet. The code is what the leaflet's Telegram deep link carries
 * (`/start s_<code>`), so a report from it arrives with the school already known.
 */
export const schools = pgTable(
  "schools",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kecamatan: text("kecamatan"),
    /** Seeded placeholder, to be replaced by the unit's real list. */
    isExample: boolean("is_example").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("schools_unit_code_key").on(t.unitId, t.code),
    // Telegram's start payload allows only A-Z, a-z, 0-9, _ and -, at most 64 characters with the "s_".
    check("schools_code_format", sql`${t.code} ~ '^[a-z0-9-]{2,40}$'`),
  ],
);
