import { z } from "zod";
import { PRIORITIES, TICKET_STATUSES } from "../../db/schema/enums.ts";
import { GRANULARITIES, MAX_PERIOD_DAYS } from "./period.ts";
import { HARM_CATEGORIES, REPORTER_ROLE_KEYS, type HarmCategory, type UnitStats } from "./stats.ts";

/* Query and answers of GET /v1/stats and GET /v1/stats.csv (api/routes/v1/stats.ts). Examples are made up. */

const BoundSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const PeriodFields = {
  since: BoundSchema.optional().meta({
    description: "A date (from the unit's midnight starting it) or an instant with offset. Default: the start of the current month in the unit's time zone.",
    examples: ["2025-07-01"],
  }),
  until: BoundSchema.optional().meta({
    description: `A date (that whole day is included) or an instant with offset (excluded). Default: the end of the current month. At most ${MAX_PERIOD_DAYS} days after since.`,
    examples: ["2025-07-31"],
  }),
  granularity: z
    .enum(GRANULARITIES)
    .optional()
    .meta({ description: "Buckets of byPeriod, in the unit's calendar (weeks start on Monday). Default: day up to 31 days, week up to 184, else month." }),
};

export const StatsQuerySchema = z.object(PeriodFields);

export const StatsCsvQuerySchema = z.object({
  ...PeriodFields,
  lang: z.enum(["id", "en"]).default("id").meta({ description: "Language of the headers and words; Bahasa Indonesia unless `en`." }),
});

const count = z.number().int().min(0);
const minutes = z.number().nullable().meta({ description: "Minutes, one decimal; null when no ticket had it." });
const perPriority = <T extends z.ZodType>(value: T) =>
  z.object({ darurat: value, tinggi: value, sedang: value, rendah: value });

const EXAMPLE_CATEGORY_COUNTS: Partial<Record<HarmCategory, number>> = {
  perundungan_verbal: 9,
  perundungan_fisik: 6,
  perundungan_siber: 4,
  kekerasan_fisik: 2,
  kekerasan_seksual: 1,
  menyakiti_diri: 1,
};

const EXAMPLE: UnitStats = {
  period: { since: "2025-06-30T17:00:00.000Z", until: "2025-07-31T17:00:00.000Z", timezone: "Asia/Jakarta", granularity: "week" },
  totals: { tickets: 23, acknowledged: 21, closed: 12, slaBreaches: 2, notReports: 4 },
  byPeriod: [
    { start: "2025-06-30", count: 5 },
    { start: "2025-07-07", count: 7 },
    { start: "2025-07-14", count: 4 },
    { start: "2025-07-21", count: 6 },
    { start: "2025-07-28", count: 1 },
  ],
  byCategory: HARM_CATEGORIES.map((category) => ({ category, count: EXAMPLE_CATEGORY_COUNTS[category] ?? 0 })),
  byPriority: [
    { priority: "darurat", count: 2 },
    { priority: "tinggi", count: 3 },
    { priority: "sedang", count: 14 },
    { priority: "rendah", count: 4 },
  ],
  bySchool: [
    { school: "SMP Negeri 3 Metro", count: 8 },
    { school: "SD Negeri 1 Metro", count: 5 },
    { school: "—", count: 10 },
  ],
  byStatus: [
    { status: "baru", count: 2 },
    { status: "diterima", count: 4 },
    { status: "ditangani", count: 3 },
    { status: "dirujuk", count: 2 },
    { status: "selesai", count: 10 },
    { status: "ditutup", count: 2 },
  ],
  byReporterRole: [
    { role: "anak", count: 14 },
    { role: "orang_tua", count: 5 },
    { role: "guru", count: 3 },
    { role: "lainnya", count: 0 },
    { role: "tidak_diketahui", count: 1 },
  ],
  medianMinutesToAcknowledge: { overall: 42.5, byPriority: { darurat: 3.2, tinggi: 35, sedang: 210.5, rendah: 1260 } },
  medianMinutesToClose: 7205,
  slaBreaches: { total: 2, byPriority: { darurat: 0, tinggi: 1, sedang: 1, rendah: 0 } },
};

export const StatsSchema = z
  .object({
    period: z.object({
      since: z.iso.datetime({ offset: true }),
      until: z.iso.datetime({ offset: true }).meta({ description: "Exclusive." }),
      timezone: z.string(),
      granularity: z.enum(GRANULARITIES),
    }),
    totals: z
      .object({
        tickets: count.meta({ description: "Reports received in the period (tickets other than bukan_laporan)." }),
        acknowledged: count.meta({ description: "Of those, acknowledged by now." }),
        closed: count.meta({ description: "Of those, closed (selesai or ditutup) by now." }),
        slaBreaches: count,
        notReports: count.meta({ description: "Tickets triaged bukan_laporan (questions, mistaken messages), counted nowhere else." }),
      }),
    byPeriod: z
      .array(z.object({ start: z.iso.date().meta({ description: "The bucket's first day in the unit's calendar." }), count }))
      .meta({ description: "Every bucket of the period, empty ones included." }),
    byCategory: z.array(z.object({ category: z.enum(HARM_CATEGORIES), count })),
    byPriority: z.array(z.object({ priority: z.enum(PRIORITIES), count })),
    bySchool: z
      .array(z.object({ school: z.string().meta({ description: "The school's name as reported; \"—\" when none was given." }), count }))
      .meta({ description: "Most reports first." }),
    byStatus: z.array(z.object({ status: z.enum(TICKET_STATUSES), count })).meta({ description: "Status now." }),
    byReporterRole: z.array(z.object({ role: z.enum(REPORTER_ROLE_KEYS), count })),
    medianMinutesToAcknowledge: z.object({ overall: minutes, byPriority: perPriority(minutes) }),
    medianMinutesToClose: minutes,
    slaBreaches: z
      .object({ total: count, byPriority: perPriority(count) })
      .meta({
        description:
          "Reports acknowledged after their SLA deadline, or not acknowledged while still open when it passed (a ticket closed before its deadline was not late).",
      }),
  })
  .meta({ examples: [EXAMPLE] });

export const StatsCsvSchema = z.string().meta({
  description:
    "UTF-8 with a byte order mark, comma-separated, CRLF lines; three columns (section, item, count), one row per number, in sections: report, summary, per period, category, priority, school, status, reporter, SLA breaches and median minutes to acknowledge by priority. No reporter data, ticket descriptions or codes.",
  examples: [
    "\uFEFFBagian,Uraian,Jumlah\r\nLaporan,Unit,Dinas Sosial Kota Metro\r\nLaporan,Periode,2025-07-01 s.d. 2025-07-31\r\nRingkasan,Jumlah laporan,23\r\nKategori,Perundungan verbal,9\r\nSekolah,SMP Negeri 3 Metro,8\r\n",
  ],
});
