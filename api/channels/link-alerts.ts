import { and, asc, eq, inArray } from "drizzle-orm";
import type { TFunction } from "i18next";
import type { ChannelLinkState } from "../../db/schema/channels.ts";
import { staff } from "../../db/schema/index.ts";
import type { Tx } from "../intake/tx.ts";
import { alertChannelWithout, LINKED_CHAT_COLUMNS, linkedChats } from "../oncall/chat-addresses.ts";
import type { StaffChannel } from "../oncall/staff-link-schemas.ts";
import { queueOutbound } from "../outbox/outbox.ts";
import type { LinkedChannel } from "./channel-schemas.ts";
import type { LinkAlert } from "./link-state.ts";
import { SILENT_REASON } from "./link-state.ts";

/*
 * Telling the people who can fix a channel's link that it broke, and that it works again. Admins
 * run the deployment; supervisors are told too because they link the phone from the console. The
 * message can never go through the channel that is down: someone who gets alerts on WhatsApp hears
 * of a WhatsApp outage on Telegram, or, with no Telegram linked, not at all.
 *
 * The text is for a lock screen: the channel, what happened and the console's address, nothing else.
 */

const TOLD_ROLES = ["admin", "supervisor"] as const;

export interface LinkAlertInput {
  channel: LinkedChannel;
  alert: LinkAlert;
  /** The state the link went to (for "down"). */
  state: ChannelLinkState;
  reason: string | null;
  /** Where the console is reached, without a trailing slash. */
  publicUrl: string;
}

export interface QueuedLinkAlert {
  ids: string[];
  /** Active admins and supervisors with a chat linked only on the channel that is down. */
  unreachable: number;
}

/** Queues one message to each admin and supervisor who can be reached other than through `channel`; inside the caller's transaction. */
export async function queueLinkAlert(tx: Tx, t: TFunction, input: LinkAlertInput): Promise<QueuedLinkAlert> {
  const people = await tx
    .select({ id: staff.id, ...LINKED_CHAT_COLUMNS })
    .from(staff)
    .where(and(eq(staff.active, true), inArray(staff.role, [...TOLD_ROLES])))
    .orderBy(asc(staff.id));
  const text = alertText(t, input);
  const ids: string[] = [];
  let unreachable = 0;
  for (const person of people) {
    const chats = linkedChats(person);
    // No chat linked at all: nobody can be reached that way, outage or not; not this channel's doing.
    if (chats.alertChannel === null) continue;
    const via: StaffChannel | null = alertChannelWithout(chats, input.channel);
    if (via === null) {
      unreachable++;
      continue;
    }
    ids.push(await queueOutbound(tx, { staffId: person.id, channel: via, purpose: `channel_${input.alert}`, text, choices: [] }));
  }
  return { ids, unreachable };
}

function alertText(t: TFunction, input: LinkAlertInput): string {
  const params = { channel: t(`names.${input.channel}`), url: `${input.publicUrl}/` };
  if (input.alert === "restored") return t("alerts.restored", params);
  if (input.reason === SILENT_REASON) return t("alerts.down_silent", params);
  return t(input.state === "qr_needed" ? "alerts.down_qr_needed" : "alerts.down_disconnected", params);
}
