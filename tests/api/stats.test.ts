import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../api/app.ts";
import type { Category, Priority, ReporterRole, TicketStatus } from "../../db/schema/enums.ts";
import { auditEvents, tickets, units } from "../../db/schema/index.ts";
import { DEFAULT_SLA_MINUTES } from "../../db/schema/units.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createStaff, loginAs, type CreatedStaff } from "../support/staff.ts";
import { buildTestApp } from "../support/test-app.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const MINUTE = 60_000;
/** The test's "now": 10 August 2025, 10:00 in Kota Metro (WIB, UTC+7). */
const NOW = new Date("2025-08-10T03:00:00Z");
/** Words that must never reach the report: a description, a reporter's name and phone. */
const DESCRIPTION = "aku dipukul kakak kelas di kantin";
const REPORTER_NAME = "Bu Rahayu";
const REPORTER_PHONE = "081234567890";
const FORMULA_SCHOOL = '=SUM(1,2) "x"';
const TRICKY_SCHOOL = "SD Negeri 1, Metro\nBarat";

interface TicketSpec {
  unit?: { id: string; code: string };
  createdAt: string;
  priority: Priority;
  category: Category;
  status?: TicketStatus;
  /** Minutes after creation. */
  acknowledgedAfter?: number;
  closedAfter?: number;
  schoolName?: string;
  reporterRole?: ReporterRole;
}

describe(`statistics on ${testDbKind}`, () => {
  let database: TestDatabase;
  let app: App;
  let unit: { id: string; code: string };
  let otherUnit: { id: string; code: string };
  let supervisor: CreatedStaff;
  let supervisorToken: string;
  let peksosToken: string;
  let adminToken: string;
  let otherSupervisorToken: string;
  const codes: string[] = [];

  async function insertTicket(spec: TicketSpec) {
    const owner = spec.unit ?? unit;
    const createdAt = new Date(spec.createdAt);
    const after = (minutes: number | undefined) => (minutes === undefined ? null : new Date(createdAt.getTime() + minutes * MINUTE));
    const code = `${owner.code}-${randomCode()}`;
    codes.push(code);
    await database.db.insert(tickets).values({
      unitId: owner.id,
      code,
      priority: spec.priority,
      category: spec.category,
      status: spec.status ?? "baru",
      description: DESCRIPTION,
      reporterName: REPORTER_NAME,
      reporterPhone: REPORTER_PHONE,
      anonymous: false,
      schoolName: spec.schoolName ?? null,
      reporterRole: spec.reporterRole ?? null,
      slaDueAt: new Date(createdAt.getTime() + DEFAULT_SLA_MINUTES[spec.priority] * MINUTE),
      acknowledgedAt: after(spec.acknowledgedAfter),
      closedAt: after(spec.closedAfter),
      createdAt,
      updatedAt: createdAt,
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
    const [seeded] = await database.db.select({ id: units.id, code: units.code }).from(units);
    unit = seeded!;
    const [other] = await database.db
      .insert(units)
      .values({ name: "Dinas Sosial Kabupaten Lain", code: "LIN", timezone: "Asia/Jayapura" })
      .returning({ id: units.id, code: units.code });
    otherUnit = other!;
    app = await buildTestApp(database, { clock: () => NOW });
    supervisor = await createStaff(database, { role: "supervisor", unitId: unit.id });
    const peksos = await createStaff(database, { role: "peksos", unitId: unit.id });
    const otherSupervisor = await createStaff(database, { role: "supervisor", unitId: otherUnit.id });
    supervisorToken = await loginAs(app, supervisor.email, supervisor.password);
    peksosToken = await loginAs(app, peksos.email, peksos.password);
    adminToken = await loginAs(app, "admin@example.org", "a-long-test-password");
    otherSupervisorToken = await loginAs(app, otherSupervisor.email, otherSupervisor.password);

    // July 2025 in Kota Metro runs from 2025-06-30T17:00Z to 2025-07-31T17:00Z.
    // In July, 00:30 on the 1st local: darurat, acknowledged in 4 minutes (in time), closed after 2 days.
    await insertTicket({
      createdAt: "2025-06-30T17:30:00Z",
      priority: "darurat",
      category: "kekerasan_seksual",
      status: "selesai",
      acknowledgedAfter: 4,
      closedAfter: 2 * 24 * 60,
      schoolName: "SMP Negeri 3",
      reporterRole: "anak",
    });
    // June: 23:30 on 30 June local, although 30 June in UTC too; and 1 August 00:00 local (31 July in UTC).
    await insertTicket({ createdAt: "2025-06-30T16:30:00Z", priority: "tinggi", category: "kekerasan_fisik", reporterRole: "anak" });
    await insertTicket({ createdAt: "2025-07-31T17:00:00Z", priority: "sedang", category: "perundungan_siber", reporterRole: "anak" });
    // In July, 23:59 on the 31st local: never acknowledged, its 24 h passed on 1 August: late.
    await insertTicket({
      createdAt: "2025-07-31T16:59:00Z",
      priority: "sedang",
      category: "perundungan_verbal",
      schoolName: "  SMP Negeri 3 ",
      reporterRole: "guru",
    });
    // Acknowledged after 90 minutes, the SLA being 60: late. No school, no role.
    await insertTicket({ createdAt: "2025-07-10T02:00:00Z", priority: "tinggi", category: "perundungan_fisik", status: "ditangani", acknowledgedAfter: 90 });
    await insertTicket({
      createdAt: "2025-07-15T05:00:00Z",
      priority: "sedang",
      category: "perundungan_verbal",
      status: "selesai",
      acknowledgedAfter: 30,
      closedAfter: 24 * 60,
      schoolName: FORMULA_SCHOOL,
      reporterRole: "orang_tua",
    });
    // Not a report: counted on its own only.
    await insertTicket({ createdAt: "2025-07-20T05:00:00Z", priority: "rendah", category: "bukan_laporan", reporterRole: "anak", acknowledgedAfter: 5 });
    // Closed as a duplicate 10 minutes in, never acknowledged: not late, its 72 h had not passed.
    await insertTicket({
      createdAt: "2025-07-22T05:00:00Z",
      priority: "rendah",
      category: "lainnya",
      status: "ditutup",
      closedAfter: 10,
      schoolName: TRICKY_SCHOOL,
    });
    // Another unit's report in the same month.
    await insertTicket({ unit: otherUnit, createdAt: "2025-07-12T05:00:00Z", priority: "darurat", category: "kekerasan_fisik", reporterRole: "anak" });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const get = (url: string, token?: string) =>
    app.inject({ method: "GET", url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it("counts a month's reports in the unit's calendar, by every dimension", async () => {
    const res = await get("/v1/stats?since=2025-07-01&until=2025-07-31&granularity=week", supervisorToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toEqual({
      since: "2025-06-30T17:00:00.000Z",
      until: "2025-07-31T17:00:00.000Z",
      timezone: "Asia/Jakarta",
      granularity: "week",
    });
    expect(body.totals).toEqual({ tickets: 5, acknowledged: 3, closed: 3, slaBreaches: 2, notReports: 1 });
    // Weeks start on Monday: 1 July 2025 is a Tuesday.
    expect(body.byPeriod).toEqual([
      { start: "2025-06-30", count: 1 },
      { start: "2025-07-07", count: 1 },
      { start: "2025-07-14", count: 1 },
      { start: "2025-07-21", count: 1 },
      { start: "2025-07-28", count: 1 },
    ]);
    expect(body.byCategory).toHaveLength(13);
    expect(body.byCategory.map((c: { category: string }) => c.category)).not.toContain("bukan_laporan");
    expect(body.byCategory.filter((c: { count: number }) => c.count > 0)).toEqual([
      { category: "perundungan_fisik", count: 1 },
      { category: "perundungan_verbal", count: 2 },
      { category: "kekerasan_seksual", count: 1 },
      { category: "lainnya", count: 1 },
    ]);
    expect(body.byPriority).toEqual([
      { priority: "darurat", count: 1 },
      { priority: "tinggi", count: 1 },
      { priority: "sedang", count: 2 },
      { priority: "rendah", count: 1 },
    ]);
    // Spaces around a name do not make another school.
    expect(body.bySchool[0]).toEqual({ school: "SMP Negeri 3", count: 2 });
    expect(body.bySchool.slice(1)).toEqual(
      expect.arrayContaining([
        { school: "—", count: 1 },
        { school: FORMULA_SCHOOL, count: 1 },
        { school: TRICKY_SCHOOL, count: 1 },
      ]),
    );
    expect(body.bySchool).toHaveLength(4);
    expect(body.byStatus).toEqual([
      { status: "baru", count: 1 },
      { status: "diterima", count: 0 },
      { status: "ditangani", count: 1 },
      { status: "dirujuk", count: 0 },
      { status: "selesai", count: 2 },
      { status: "ditutup", count: 1 },
    ]);
    expect(body.byReporterRole).toEqual([
      { role: "anak", count: 1 },
      { role: "orang_tua", count: 1 },
      { role: "guru", count: 1 },
      { role: "lainnya", count: 0 },
      { role: "tidak_diketahui", count: 2 },
    ]);
    // Acknowledged after 4, 90 and 30 minutes; closed after 2880, 1440 and 10.
    expect(body.medianMinutesToAcknowledge).toEqual({ overall: 30, byPriority: { darurat: 4, tinggi: 90, sedang: 30, rendah: null } });
    expect(body.medianMinutesToClose).toBe(1440);
    expect(body.slaBreaches).toEqual({ total: 2, byPriority: { darurat: 0, tinggi: 1, sedang: 1, rendah: 0 } });
  });

  it("takes instants with an offset as well as dates, and buckets by local day by default", async () => {
    const byDates = (await get("/v1/stats?since=2025-07-01&until=2025-07-31", supervisorToken)).json();
    const byInstants = await get(
      `/v1/stats?since=${encodeURIComponent("2025-07-01T00:00:00+07:00")}&until=${encodeURIComponent("2025-08-01T00:00:00+07:00")}`,
      supervisorToken,
    );
    expect(byInstants.statusCode).toBe(200);
    expect(byInstants.json()).toEqual(byDates);
    expect(byDates.period.granularity).toBe("day");
    expect(byDates.byPeriod).toHaveLength(31);
    expect(byDates.byPeriod[0]).toEqual({ start: "2025-07-01", count: 1 });
    expect(byDates.byPeriod[30]).toEqual({ start: "2025-07-31", count: 1 });
    expect(byDates.byPeriod.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(5);

    const months = (await get("/v1/stats?since=2025-06-01&until=2025-08-31&granularity=month", supervisorToken)).json();
    expect(months.byPeriod).toEqual([
      { start: "2025-06-01", count: 1 },
      { start: "2025-07-01", count: 5 },
      { start: "2025-08-01", count: 1 },
    ]);
  });

  it("defaults to the current month in the unit's time zone", async () => {
    // Now is 10 August local: August holds only the report made at 00:00 on 1 August local.
    const res = await get("/v1/stats", supervisorToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().period).toEqual({
      since: "2025-07-31T17:00:00.000Z",
      until: "2025-08-31T17:00:00.000Z",
      timezone: "Asia/Jakarta",
      granularity: "day",
    });
    expect(res.json().totals).toEqual({ tickets: 1, acknowledged: 0, closed: 0, slaBreaches: 1, notReports: 0 });
    expect(res.json().byCategory.find((c: { category: string }) => c.category === "perundungan_siber").count).toBe(1);
  });

  it("answers zeros and null medians for an empty period", async () => {
    const body = (await get("/v1/stats?since=2024-01-01&until=2024-01-31", supervisorToken)).json();
    expect(body.totals).toEqual({ tickets: 0, acknowledged: 0, closed: 0, slaBreaches: 0, notReports: 0 });
    expect(body.medianMinutesToAcknowledge).toEqual({ overall: null, byPriority: { darurat: null, tinggi: null, sedang: null, rendah: null } });
    expect(body.medianMinutesToClose).toBeNull();
    expect(body.bySchool).toEqual([]);
  });

  it("shows each unit its own numbers, admins included, in their own time zone", async () => {
    const other = (await get("/v1/stats?since=2025-07-01&until=2025-07-31", otherSupervisorToken)).json();
    expect(other.totals.tickets).toBe(1);
    expect(other.period).toMatchObject({ since: "2025-06-30T15:00:00.000Z", timezone: "Asia/Jayapura" });
    const admin = await get("/v1/stats?since=2025-07-01&until=2025-07-31", adminToken);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().totals.tickets).toBe(5);
  });

  it("refuses a peksos and a caller without a session", async () => {
    for (const url of ["/v1/stats", "/v1/stats.csv"]) {
      expect((await get(url, peksosToken)).statusCode).toBe(403);
      expect((await get(url)).statusCode).toBe(401);
    }
  });

  it("answers 400 naming until for a reversed or too long period, and the field for garbled input", async () => {
    for (const query of ["since=2025-08-01&until=2025-07-01", "since=2025-07-01&until=2025-06-30", "until=2025-07-01", "since=2023-01-01&until=2025-07-31"]) {
      for (const path of ["/v1/stats", "/v1/stats.csv"]) {
        const res = await get(`${path}?${query}`, supervisorToken);
        expect(res.statusCode, `${path}?${query}`).toBe(400);
        expect(res.json().fields).toEqual([expect.objectContaining({ in: "querystring", path: "until" })]);
      }
    }
    const reversed = await get("/v1/stats?since=2025-08-01&until=2025-07-01", supervisorToken);
    expect(reversed.json().fields[0].message).toBe("Waktu akhir (until) harus sesudah waktu mulai (since).");
    // Two whole calendar years, a leap day included, is the longest period.
    expect((await get("/v1/stats?since=2024-01-01&until=2025-12-31&granularity=month", supervisorToken)).statusCode).toBe(200);
    for (const [query, path] of [
      ["since=yesterday", "since"],
      ["until=2025-13-01", "until"],
      ["granularity=year", "granularity"],
      ["lang=fr", "lang"],
    ] as const) {
      const url = path === "lang" ? `/v1/stats.csv?${query}` : `/v1/stats?${query}`;
      const res = await get(url, supervisorToken);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().fields).toEqual([expect.objectContaining({ path })]);
    }
  });

  it("exports the month as a CSV a spreadsheet opens: BOM, escaped cells, Indonesian words, counts only", async () => {
    const before = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "export.csv"));
    const res = await get("/v1/stats.csv?since=2025-07-01&until=2025-07-31", supervisorToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="laporan-MTR-2025-07.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toContain("\r\n");

    const rows = parseCsv(res.body.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Bagian", "Uraian", "Jumlah"]);
    expect(rows.every((row) => row.length === 3)).toBe(true);
    expect(rows).toContainEqual(["Unit", "Dinas Sosial Kota Metro", ""]);
    expect(rows).toContainEqual(["Periode", "2025-07-01 s.d. 2025-07-31", ""]);
    const value = (section: string, item: string) => rows.find((row) => row[0] === section && row[1] === item)?.[2];
    expect(value("Ringkasan", "Jumlah laporan")).toBe("5");
    expect(value("Ringkasan", "Terlambat ditanggapi (melewati batas waktu)")).toBe("2");
    expect(value("Ringkasan", "Median menit sampai ditanggapi")).toBe("30");
    expect(value("Ringkasan", "Median menit sampai selesai")).toBe("1440");
    expect(value("Ringkasan", "Pesan yang bukan laporan (tidak dihitung di atas)")).toBe("1");
    expect(value("Kategori", "Perundungan verbal")).toBe("2");
    expect(value("Kategori", "Kekerasan psikis")).toBe("0");
    expect(rows.filter((row) => row[0] === "Kategori")).toHaveLength(13);
    expect(value("Prioritas", "Sedang")).toBe("2");
    expect(value("Status saat ini", "Ditutup (spam/duplikat)")).toBe("1");
    expect(value("Pelapor", "Tidak diketahui")).toBe("2");
    expect(value("Terlambat ditanggapi, per prioritas", "Tinggi")).toBe("1");
    expect(value("Median menit sampai ditanggapi, per prioritas", "Darurat")).toBe("4");
    expect(value("Median menit sampai ditanggapi, per prioritas", "Rendah")).toBe("");
    expect(rows.filter((row) => row[0] === "Per hari")).toHaveLength(31);
    expect(value("Per hari", "2025-07-31")).toBe("1");
    // Escaping: a comma and a newline stay inside their cell; a formula stays text.
    expect(value("Sekolah", "SMP Negeri 3")).toBe("2");
    expect(value("Sekolah", TRICKY_SCHOOL)).toBe("1");
    expect(value("Sekolah", `'${FORMULA_SCHOOL}`)).toBe("1");
    expect(value("Sekolah", "Tidak disebutkan")).toBe("1");
    expect(res.body).toContain(`"'=SUM(1,2) ""x"""`);
    // Counts only: no description, no reporter, no ticket code.
    for (const secret of [DESCRIPTION, REPORTER_NAME, REPORTER_PHONE, ...codes]) expect(res.body).not.toContain(secret);

    const after = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "export.csv"));
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      unitId: unit.id,
      actorStaffId: supervisor.id,
      entityType: "export",
      data: { report: "stats", since: "2025-06-30T17:00:00.000Z", until: "2025-07-31T17:00:00.000Z", granularity: "day", lang: "id" },
    });
    expect(after.at(-1)!.createdAt.getTime()).toBe(NOW.getTime());
  });

  it("writes the report in English on request, by week, named by its days when not one month", async () => {
    const res = await get("/v1/stats.csv?since=2025-07-01&until=2025-07-20&granularity=week&lang=en", supervisorToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="laporan-MTR-2025-07-01_2025-07-20.csv"');
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Section", "Item", "Count"]);
    expect(rows).toContainEqual(["Period", "2025-07-01 to 2025-07-20", ""]);
    expect(rows.filter((row) => row[0] === "By week")).toEqual([
      ["By week", "Week of 2025-06-30", "1"],
      ["By week", "Week of 2025-07-07", "1"],
      ["By week", "Week of 2025-07-14", "1"],
    ]);
    expect(rows).toContainEqual(["Category", "Verbal bullying", "1"]);
    expect(rows).toContainEqual(["School", "Not given", "1"]);

    const months = parseCsv((await get("/v1/stats.csv?since=2025-06-01&until=2025-08-31&granularity=month", supervisorToken)).body.slice(1));
    expect(months.filter((row) => row[0] === "Per bulan").map((row) => [row[1], row[2]])).toEqual([
      ["Juni 2025", "1"],
      ["Juli 2025", "5"],
      ["Agustus 2025", "1"],
    ]);
  });

  it("documents the routes under the stats tag", async () => {
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    for (const route of [doc.paths["/v1/stats"].get, doc.paths["/v1/stats.csv"].get]) {
      expect(route.tags).toEqual(["stats"]);
      expect(route.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
      expect(Object.keys(route.responses).sort()).toEqual(["200", "400", "401", "403"]);
    }
    expect(Object.keys(doc.paths["/v1/stats.csv"].get.responses["200"].content)).toEqual(["text/csv"]);
  });
});

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) throw new Error("CSV does not end with CRLF");
  return rows;
}

function randomCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
