import { eq, inArray } from "drizzle-orm";
import { outboundMessages, referrals, reporters, ticketEvents, tickets, transcriptMessages } from "../../db/schema/index.ts";
import type { Tx } from "../intake/tx.ts";
import { ContactMask } from "../tickets/contact-mask.ts";
import { isContactAnswer } from "../tickets/contact-step.ts";
import { withoutStatusPin } from "../tickets/status-pin.ts";

/*
 * Nulling a purged ticket's name, phone and PIN hash is not enough: copies of them live on in its
 * texts. The answer to "your name?" is in the transcript, the bot's summary and confirmation
 * repeat the name, the number and the PIN, and staff quote them in notes, referral notes and
 * replies. Those texts are the case record and stay; the copies go, the way the ticket detail
 * hides them from staff who may not see them (api/tickets/detail.ts): the contact step's answer
 * whole, the name, the number (in any spelling) and the chat address wherever they appear, the
 * PIN where the bot or the reporter wrote it.
 *
 * Each table is read once for the whole batch; only the rows that change are written.
 */

/** Call with the batch's ticket ids before their name and phone are nulled: the masks are built from them. */
export async function forgetContactCopies(tx: Tx, ticketIds: readonly string[]): Promise<void> {
  if (ticketIds.length === 0) return;
  const ids = [...ticketIds];
  const owned = await tx
    .select({ ticket: tickets, address: reporters.address })
    .from(tickets)
    .leftJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(inArray(tickets.id, ids));
  const masks = new Map(owned.map(({ ticket, address }) => [ticket.id, new ContactMask([address, ticket.reporterName, ticket.reporterPhone])]));
  const maskOf = (ticketId: string | null) => (ticketId === null ? undefined : masks.get(ticketId));
  const scrub = (mask: ContactMask, text: string) => mask.text(withoutStatusPin(text)).text;

  for (const { ticket } of owned) {
    const mask = masks.get(ticket.id)!;
    await tx
      .update(tickets)
      .set({
        triageSignals: ticket.triageSignals.map((signal) => ({ ...signal, phrase: mask.text(signal.phrase).text })),
        victimGrade: mask.nullable(ticket.victimGrade),
        schoolName: mask.nullable(ticket.schoolName),
        kecamatan: mask.nullable(ticket.kecamatan),
        location: mask.nullable(ticket.location),
        incidentWhen: mask.nullable(ticket.incidentWhen),
        description: mask.nullable(ticket.description),
        closeReason: mask.nullable(ticket.closeReason),
      })
      .where(eq(tickets.id, ticket.id));
  }

  for (const row of await tx.select().from(transcriptMessages).where(inArray(transcriptMessages.ticketId, ids))) {
    const mask = maskOf(row.ticketId);
    if (!mask) continue;
    // The answer to "your name?" is the contact itself: a typed number need not match the stored one.
    const contact = isContactAnswer(row);
    const text = row.text === null || contact ? null : scrub(mask, row.text);
    let media = row.media;
    if (media?.caption !== undefined) {
      const { caption, ...rest } = media;
      // The file stays referred to (the case record says one was sent); retention.ts deletes a stored one.
      media = contact ? rest : { ...rest, caption: scrub(mask, caption) };
    }
    if (text === row.text && media === row.media) continue;
    await tx.update(transcriptMessages).set({ text, media }).where(eq(transcriptMessages.id, row.id));
  }

  for (const row of await tx.select().from(ticketEvents).where(inArray(ticketEvents.ticketId, ids))) {
    const mask = maskOf(row.ticketId);
    if (!mask) continue;
    const data = mask.deep(row.data) as Record<string, unknown>;
    if (JSON.stringify(data) !== JSON.stringify(row.data)) await tx.update(ticketEvents).set({ data }).where(eq(ticketEvents.id, row.id));
  }

  for (const row of await tx.select().from(referrals).where(inArray(referrals.ticketId, ids))) {
    const mask = maskOf(row.ticketId);
    if (!mask) continue;
    const note = mask.nullable(row.note);
    const rejectionReason = mask.nullable(row.rejectionReason);
    if (note !== row.note || rejectionReason !== row.rejectionReason) {
      await tx.update(referrals).set({ note, rejectionReason }).where(eq(referrals.id, row.id));
    }
  }

  // What was sent about the ticket: staff replies and notices to the reporter may quote them.
  const sent = await tx
    .select({ id: outboundMessages.id, ticketId: outboundMessages.ticketId, text: outboundMessages.text })
    .from(outboundMessages)
    .where(inArray(outboundMessages.ticketId, ids));
  for (const row of sent) {
    const mask = maskOf(row.ticketId);
    if (!mask) continue;
    const text = scrub(mask, row.text);
    if (text !== row.text) await tx.update(outboundMessages).set({ text }).where(eq(outboundMessages.id, row.id));
  }
}
