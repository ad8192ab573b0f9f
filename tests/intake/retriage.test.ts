import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createIntake, type Intake } from "../../api/intake/intake-service.ts";
import type { InboundContent, IntakeResponse } from "../../api/intake/schemas.ts";
import { createI18n } from "../../api/i18n.ts";
import { createLogger } from "../../api/logging.ts";
import type { TicketAlertReason } from "../../api/oncall/alerts-types.ts";
import { ticketEvents, tickets } from "../../db/schema/index.ts";
import { seedIfEmpty } from "../../db/seed.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

/*
 * The triage inside the conversation: the reporter's own words decide with their answers, and a
 * message after the report may raise the priority (with an event and an alert) but never lower it.
 */

let database: TestDatabase;
let intake: Intake;
const alerts: { ticketId: string; reason: TicketAlertReason }[] = [];
let chats = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedIfEmpty(database.db, { adminEmail: "admin@example.org", adminPassword: "a-long-test-password" });
  intake = createIntake({
    database,
    i18n: await createI18n("id"),
    logger: createLogger("silent"),
    onTicketAlert: async (ticketId, reason) => {
      alerts.push({ ticketId, reason });
    },
  });
});
afterAll(async () => {
  await database.destroy();
});

/** A chat that talks to the intake service directly, pressing buttons by value. */
function newChat() {
  const address = `81${++chats}${Date.now() % 100000}`;
  let update = 0;
  let last: IntakeResponse | undefined;
  const send = async (content: InboundContent) => {
    last = await intake.handle({ channel: "telegram", externalId: `${address}-${++update}`, address, sentAt: new Date().toISOString(), content });
    return last;
  };
  return {
    text: (text: string) => send({ type: "text", text }),
    press: (value: string) => {
      const choice = last?.replies.flatMap((r) => r.choices.flat()).find((c) => c.id.endsWith(`:${value}`));
      if (!choice) throw new Error(`no button "${value}"`);
      return send({ type: "choice", choiceId: choice.id });
    },
  };
}

async function report(story: string, answers: { danger?: string; what?: string } = {}) {
  const chat = newChat();
  await chat.text("halo");
  await chat.press("anak_diri");
  await chat.press(answers.danger ?? "tidak");
  await chat.press(answers.what ?? "diejek");
  await chat.text(story);
  await chat.press("sudah");
  await chat.text("kelas 7 SMPN 3");
  await chat.press("masih_terjadi");
  await chat.press("anonim");
  const sent = await chat.press("kirim");
  const [ticket] = await database.db.select().from(tickets).where(eq(tickets.code, sent.ticketCode ?? ""));
  if (!ticket) throw new Error("no ticket");
  return { chat, ticket };
}

async function reload(id: string) {
  const [row] = await database.db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error("ticket vanished");
  return row;
}

describe("triage of a conversation's report", () => {
  test("the child's words make a ticket darurat even when they answered 'no danger'", async () => {
    const { ticket } = await report("dia lagi nungguin aku di gerbang bawa celurit, aku gak berani keluar", { what: "dipukul" });
    expect(ticket.priority).toBe("darurat");
    expect(ticket.slaDueAt.getTime() - ticket.createdAt.getTime()).toBe(5 * 60_000);
    expect(ticket.triageSignals.some((s) => s.rule.startsWith("darurat.") && s.phrase.length > 0)).toBe(true);
    const [triaged] = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(triaged).toBeDefined();
    expect(alerts).toContainEqual({ ticketId: ticket.id, reason: "created" });
  });

  test("a question about someone else, with no danger, is rendah", async () => {
    const { ticket } = await report("kalau temen aku dipukul kakak kelas harus lapor kemana?", { what: "dipukul" });
    expect(ticket.priority).toBe("rendah");
    expect(ticket.triageSignals.map((s) => s.rule)).toContain("lowered.question");
  });

  test("a later message that reveals suicidal intent raises the ticket, records why, and alerts again", async () => {
    const { chat, ticket } = await report("kakak kelas ngejek aku tiap istirahat");
    expect(ticket).toMatchObject({ priority: "sedang", category: "perundungan_verbal" });
    await chat.text("kak aku capek hidup, pengen ilang aja");
    const raised = await reload(ticket.id);
    expect(raised).toMatchObject({ priority: "darurat", category: "menyakiti_diri" });
    expect(raised.slaDueAt.getTime() - raised.createdAt.getTime()).toBe(5 * 60_000);
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    const rise = events.find((e) => e.type === "triaged" && e.data["previous"] === "sedang");
    expect(rise?.data).toMatchObject({ priority: "darurat", category: "menyakiti_diri", rulesVersion: 1 });
    expect(alerts).toContainEqual({ ticketId: ticket.id, reason: "raised" });
  });

  test("a later message that reads lower never lowers the ticket, and raises no alert (only tells of the message)", async () => {
    const { chat, ticket } = await report("tadi aku dipukulin bapak pakai ikat pinggang sampai memar", { what: "dipukul" });
    expect(ticket.priority).toBe("tinggi");
    const before = alerts.length;
    await chat.text("makasih ya kak, cuma mau bilang itu");
    await chat.text("eh tapi aku gak dipukul kok hari ini");
    const after = await reload(ticket.id);
    expect(after.priority).toBe("tinggi");
    expect(after.slaDueAt).toEqual(ticket.slaDueAt);
    expect(alerts.slice(before).filter((a) => a.ticketId === ticket.id).map((a) => a.reason)).toEqual([
      "reporter_message",
      "reporter_message",
    ]);
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.filter((e) => e.type === "triaged")).toHaveLength(1);
  });
});
