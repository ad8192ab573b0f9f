import { createHash, randomInt } from "node:crypto";
import { and, eq, gt, ne } from "drizzle-orm";
import type { i18n, TFunction } from "i18next";
import type { Database, Db } from "../../db/client.ts";
import { staff, tickets, units } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { Tx } from "../intake/tx.ts";
import { acknowledgeTicket } from "../tickets/lifecycle.ts";
import { localTime } from "./alert-text.ts";
import { alertChannelWithout, chatAddressColumn, chatAddressField, LINKED_CHAT_COLUMNS, linkedChats, type LinkedChats } from "./chat-addresses.ts";
import {
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_TTL_MS,
  type ChatLinkStatus,
  type StaffActionBody,
  type StaffActionOutcome,
  type StaffActionResponse,
  type StaffChannel,
} from "./staff-link-schemas.ts";

/*
 * A staff member's chats, where on-call alerts go: a Telegram chat, a WhatsApp chat, or both. The
 * console hands out a one-time code; the staff member sends `/hubungkan KODE` to the hotline from
 * their own phone, on either app, which proves the chat is theirs. Alerts then go to the chat
 * linked last, until the person picks the other one. From that chat they acknowledge tickets with
 * the alert's "Terima" choice.
 */

/** Wrong codes one chat may send per window before codes from it are not even checked. */
const MAX_WRONG_CODES = 5;
const WRONG_CODE_WINDOW_MS = 15 * 60_000;

/** A chat app redelivers an unconfirmed update within minutes; a day covers an adapter down overnight. */
const ANSWER_MEMORY_MS = 24 * 3600_000;

/** Who may take a ticket with the alert's button: those alerts go to. */
const ACKNOWLEDGING_ROLES = new Set(["peksos", "supervisor"]);

function generateLinkCode(): string {
  let code = "";
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
  return code;
}

/** "k7qw 3mzp", "K7QW-3MZP" → "K7QW3MZP": what a person may add when copying a code by hand. */
function normaliseLinkCode(typed: string): string {
  return typed.replace(/[\s-]+/g, "").toUpperCase();
}

/** Only the digest is stored: a leaked backup must not let anyone link their chat to a staff account. */
function hashLinkCode(code: string): string {
  return createHash("sha256").update(normaliseLinkCode(code)).digest("hex");
}

/** A new code for the staff member, good for either channel; the one before it stops working. */
export async function issueLinkCode(
  db: Db,
  input: { staffId: string; unitId: string; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const code = generateLinkCode();
  const expiresAt = new Date(input.now.getTime() + LINK_CODE_TTL_MS);
  await db.transaction(async (tx) => {
    // 31^8 codes: two live ones colliding on the unique digest is not a case worth a retry loop.
    await tx
      .update(staff)
      .set({ linkCodeHash: hashLinkCode(code), linkCodeExpiresAt: expiresAt, updatedAt: input.now })
      .where(eq(staff.id, input.staffId));
    await recordAudit(tx, {
      unitId: input.unitId,
      actorStaffId: input.staffId,
      action: "staff.link_code_issued",
      entityType: "staff",
      entityId: input.staffId,
      data: { expiresAt: expiresAt.toISOString() },
      at: input.now,
    });
  });
  return { code, expiresAt };
}

function statusOf(chats: LinkedChats, code: { hash: string | null; expiresAt: Date | null }, now: Date): ChatLinkStatus {
  const pendingUntil = code.hash !== null && code.expiresAt !== null && code.expiresAt > now ? code.expiresAt : null;
  return {
    telegram: chats.telegram !== null,
    whatsapp: chats.whatsapp !== null,
    alertChannel: chats.alertChannel,
    pendingCodeExpiresAt: pendingUntil?.toISOString() ?? null,
  };
}

const STATUS_COLUMNS = { ...LINKED_CHAT_COLUMNS, codeHash: staff.linkCodeHash, codeExpiresAt: staff.linkCodeExpiresAt };

/** The staff member's row as far as links go; `for update` inside the changes below. */
async function readLinks(db: Pick<Db, "select">, staffId: string, lock: boolean) {
  const query = db.select(STATUS_COLUMNS).from(staff).where(eq(staff.id, staffId)).limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new Error("the signed-in staff member's row is gone");
  return { chats: linkedChats(row), code: { hash: row.codeHash, expiresAt: row.codeExpiresAt } };
}

export async function chatLinkStatus(db: Db, input: { staffId: string; now: Date }): Promise<ChatLinkStatus> {
  const { chats, code } = await readLinks(db, input.staffId, false);
  return statusOf(chats, code, input.now);
}

/**
 * Alerts stop reaching that chat; they move to the other linked chat if they went to this one,
 * else nowhere. A code not used yet stops working too: unlinking is what one does after losing a phone.
 */
export async function unlinkChat(
  db: Db,
  input: { staffId: string; unitId: string; channel: StaffChannel; now: Date },
): Promise<{ wasLinked: boolean; status: ChatLinkStatus }> {
  return db.transaction(async (tx) => {
    const { chats } = await readLinks(tx, input.staffId, true);
    const wasLinked = chats[input.channel] !== null;
    const after: LinkedChats = { ...chats, [input.channel]: null, alertChannel: alertChannelWithout(chats, input.channel) };
    await tx
      .update(staff)
      .set({
        [chatAddressField(input.channel)]: null,
        alertChannel: after.alertChannel,
        linkCodeHash: null,
        linkCodeExpiresAt: null,
        updatedAt: input.now,
      })
      .where(eq(staff.id, input.staffId));
    await recordAudit(tx, {
      unitId: input.unitId,
      actorStaffId: input.staffId,
      action: `staff.${input.channel}_unlinked`,
      entityType: "staff",
      entityId: input.staffId,
      data: { wasLinked, alertChannel: after.alertChannel },
      at: input.now,
    });
    return { wasLinked, status: statusOf(after, { hash: null, expiresAt: null }, input.now) };
  });
}

export type AlertChannelOutcome = { ok: true; status: ChatLinkStatus } | { ok: false; error: "not_linked" };

/** Alerts go to `channel`'s chat from now on; refused while that chat is not linked. */
export async function chooseAlertChannel(
  db: Db,
  input: { staffId: string; unitId: string; channel: StaffChannel; now: Date },
): Promise<AlertChannelOutcome> {
  return db.transaction(async (tx) => {
    const { chats, code } = await readLinks(tx, input.staffId, true);
    if (chats[input.channel] === null) return { ok: false, error: "not_linked" } as const;
    if (chats.alertChannel !== input.channel) {
      await tx.update(staff).set({ alertChannel: input.channel, updatedAt: input.now }).where(eq(staff.id, input.staffId));
      await recordAudit(tx, {
        unitId: input.unitId,
        actorStaffId: input.staffId,
        action: "staff.alert_channel_changed",
        entityType: "staff",
        entityId: input.staffId,
        data: { from: chats.alertChannel, to: input.channel },
        at: input.now,
      });
    }
    return { ok: true, status: statusOf({ ...chats, alertChannel: input.channel }, code, input.now) } as const;
  });
}

export type LinkOutcome =
  | { ok: true; staffId: string; name: string }
  | { ok: false; error: "code_invalid" | "chat_in_use"; staffId?: string };

/** A deactivated account's chat given up to the colleague linking it, alerts moved off it first (the check constraint). */
async function releaseChat(tx: Tx, holder: { id: string; unitId: string }, channel: StaffChannel, byStaffId: string, now: Date) {
  const { chats } = await readLinks(tx, holder.id, true);
  await tx
    .update(staff)
    .set({ [chatAddressField(channel)]: null, alertChannel: alertChannelWithout(chats, channel), updatedAt: now })
    .where(eq(staff.id, holder.id));
  await recordAudit(tx, {
    unitId: holder.unitId,
    actorStaffId: null,
    action: `staff.${channel}_unlinked`,
    entityType: "staff",
    entityId: holder.id,
    data: { reason: "chat_linked_by_other_staff", byStaffId },
    at: now,
  });
}

/**
 * Links the chat to the staff member whose live code this is, uses the code up, and sends their
 * alerts there: the chat linked last is the one they have at hand. A chat holds one account: if
 * an active colleague has it, the link is refused (they unlink first); if a deactivated account
 * has it, that stale link is dropped, since no alert would go there anyway.
 */
export async function linkChat(db: Db, input: { channel: StaffChannel; code: string; address: string; now: Date }): Promise<LinkOutcome> {
  const addressColumn = chatAddressColumn(input.channel);
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ id: staff.id, unitId: staff.unitId, name: staff.name, chatId: addressColumn, alertChannel: staff.alertChannel })
      .from(staff)
      .where(
        and(eq(staff.linkCodeHash, hashLinkCode(input.code)), gt(staff.linkCodeExpiresAt, input.now), eq(staff.active, true)),
      )
      .for("update")
      .limit(1);
    if (!owner) return { ok: false, error: "code_invalid" } as const;

    const [holder] = await tx
      .select({ id: staff.id, unitId: staff.unitId, active: staff.active })
      .from(staff)
      .where(and(eq(addressColumn, input.address), ne(staff.id, owner.id)))
      .for("update")
      .limit(1);
    if (holder?.active) return { ok: false, error: "chat_in_use", staffId: owner.id } as const;
    if (holder) await releaseChat(tx, holder, input.channel, owner.id, input.now);

    await tx
      .update(staff)
      .set({
        [chatAddressField(input.channel)]: input.address,
        alertChannel: input.channel,
        linkCodeHash: null,
        linkCodeExpiresAt: null,
        updatedAt: input.now,
      })
      .where(eq(staff.id, owner.id));
    await recordAudit(tx, {
      unitId: owner.unitId,
      actorStaffId: owner.id,
      action: `staff.${input.channel}_linked`,
      entityType: "staff",
      entityId: owner.id,
      // Whether an earlier chat was replaced, never which chat: the address is personal data.
      data: {
        channel: input.channel,
        replacedChat: owner.chatId !== null && owner.chatId !== input.address,
        alertChannel: { from: owner.alertChannel, to: input.channel },
      },
      at: input.now,
    });
    return { ok: true, staffId: owner.id, name: owner.name } as const;
  });
}

/** What a staff action did, with the staff member it was for (when known) for the route's log line. */
export interface StaffActionResult {
  response: StaffActionResponse;
  staffId: string | undefined;
  /** True when this is the stored answer to an update handled before. */
  replayed: boolean;
}

export interface StaffActions {
  handle(channel: StaffChannel, body: StaffActionBody, now: Date): Promise<StaffActionResult>;
}

/**
 * Staff actions from a chat, answered in Bahasa Indonesia (the staff's language), in the words of
 * the chat's app where they differ ("Telegram ini", "WhatsApp ini").
 *
 * Two memories live in this process, not in the database, and are lost on restart:
 * - answers by update, so a redelivered update gets its first answer again (a used code must not
 *   turn into "wrong code", a second "Terima" must not turn into "already taken by you");
 * - wrong codes per chat, at most MAX_WRONG_CODES per WRONG_CODE_WINDOW_MS. With several API
 *   instances each counts its own, which still keeps guessing a 31^8 code hopeless.
 */
export function createStaffActions(deps: { database: Database; i18n: i18n }): StaffActions {
  const db = deps.database.db;
  const t: TFunction = deps.i18n.getFixedT("id", "staffchat");
  const answered = createExpiringMap<StaffActionResult>(20_000);
  const wrongCodes = new Map<string, number[]>();

  // `context` picks a variant of the text: the channel's (linked_whatsapp), or the case's (acknowledged_yours).
  const answer = (ok: boolean, outcome: StaffActionOutcome, params: Record<string, string> = {}, staffId?: string) => ({
    response: { ok, outcome, reply: t(outcome, params) },
    staffId,
  });

  function recentWrongCodes(key: string, now: number): number[] {
    const recent = (wrongCodes.get(key) ?? []).filter((at) => at > now - WRONG_CODE_WINDOW_MS);
    if (recent.length > 0) wrongCodes.set(key, recent);
    else wrongCodes.delete(key);
    return recent;
  }

  function forgetOldWrongCodes(now: number): void {
    // Bounded by chats that sent a wrong code in the last 15 minutes; swept only when it grows.
    if (wrongCodes.size < 10_000) return;
    for (const key of [...wrongCodes.keys()]) recentWrongCodes(key, now);
  }

  async function link(channel: StaffChannel, address: string, code: string, now: Date) {
    const key = `${channel}:${address}`;
    const recent = recentWrongCodes(key, now.getTime());
    if (recent.length >= MAX_WRONG_CODES) return answer(false, "too_many_attempts");
    const outcome = await linkChat(db, { channel, code, address, now });
    if (outcome.ok) {
      wrongCodes.delete(key);
      return answer(true, "linked", { name: outcome.name, context: channel }, outcome.staffId);
    }
    if (outcome.error === "code_invalid") {
      forgetOldWrongCodes(now.getTime());
      wrongCodes.set(key, [...recent, now.getTime()]);
      return answer(false, "code_invalid", {}, outcome.staffId);
    }
    return answer(false, "chat_in_use", { context: channel }, outcome.staffId);
  }

  async function acknowledge(channel: StaffChannel, address: string, ticketId: string, now: Date) {
    const [member] = await db
      .select({ id: staff.id, unitId: staff.unitId, role: staff.role })
      .from(staff)
      .where(and(eq(chatAddressColumn(channel), address), eq(staff.active, true)))
      .limit(1);
    if (!member) return answer(false, "not_linked", { context: channel });
    if (!ACKNOWLEDGING_ROLES.has(member.role)) return answer(false, "role_not_allowed", {}, member.id);

    const outcome = await acknowledgeTicket(db, { unitId: member.unitId, staffId: member.id, ticketId, now, via: channel });
    if (outcome.ok) {
      // "Anda yang menanganinya" only when it is so: a ticket already assigned keeps its assignee.
      const yours = outcome.ticket.assigneeId === member.id;
      return answer(true, "acknowledged", { code: outcome.ticket.code, ...(yours && { context: "yours" }) }, member.id);
    }
    if (outcome.error === "ticket_not_found") return answer(false, "ticket_not_found", {}, member.id);

    // Same unit: acknowledgeTicket found it there.
    const [ticket] = await db
      .select({ code: tickets.code, timezone: units.timezone })
      .from(tickets)
      .innerJoin(units, eq(units.id, tickets.unitId))
      .where(eq(tickets.id, ticketId))
      .limit(1);
    // "14:05 WIB" in the unit's zone, as the alerts write times; with the date when not today.
    const params = { code: ticket?.code ?? "", time: localTime(outcome.acknowledgedAt, ticket?.timezone ?? "Asia/Jakarta", now) };
    return answer(
      false,
      "already_acknowledged",
      outcome.byName === null ? params : { ...params, name: outcome.byName, context: "named" },
      member.id,
    );
  }

  return {
    async handle(channel, body, now) {
      const key = `${channel}\u0000${body.externalId}\u0000${body.address}`;
      const earlier = answered.get(key, now.getTime());
      if (earlier) return { ...earlier, replayed: true };
      const { action } = body;
      const result =
        action.type === "link"
          ? await link(channel, body.address, action.code, now)
          : await acknowledge(channel, body.address, action.ticketId, now);
      const done: StaffActionResult = { ...result, replayed: false };
      answered.set(key, done, now.getTime() + ANSWER_MEMORY_MS);
      return done;
    },
  };
}

/** Insertion-ordered and capped: the oldest entry goes first when full; expired ones are skipped. */
function createExpiringMap<V>(maxEntries: number) {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key: string, now: number): V | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: V, expiresAt: number): void {
      entries.delete(key);
      entries.set(key, { value, expiresAt });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
