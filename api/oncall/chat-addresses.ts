import type { Channel } from "../../db/schema/enums.ts";
import { staff } from "../../db/schema/index.ts";
import { STAFF_CHANNELS, type StaffChannel } from "./staff-link-schemas.ts";

/*
 * A staff member's linked chats: one address column per channel, and `alertChannel` naming the one
 * alerts go to. The database's check constraint holds alertChannel to a linked chat, so every
 * change that clears an address moves alertChannel first (to the other linked chat, or null).
 */

/** The staff column that holds a channel's chat address. */
export function chatAddressColumn(channel: StaffChannel) {
  return channel === "telegram" ? staff.telegramChatId : staff.whatsappAddress;
}

/** The field name of that column, for `update(staff).set({ … })`. */
export function chatAddressField(channel: StaffChannel): "telegramChatId" | "whatsappAddress" {
  return channel === "telegram" ? "telegramChatId" : "whatsappAddress";
}

/** The alert_channel column as a staff channel: the column's enum also has "web", which the check constraint keeps out. */
export function asAlertChannel(value: Channel | null): StaffChannel | null {
  return STAFF_CHANNELS.find((channel) => channel === value) ?? null;
}

export interface LinkedChats {
  telegram: string | null;
  whatsapp: string | null;
  alertChannel: StaffChannel | null;
}

/** Where alerts go once `channel`'s chat is gone: unchanged if they went elsewhere, else the other linked chat, else nowhere. */
export function alertChannelWithout(chats: LinkedChats, channel: StaffChannel): StaffChannel | null {
  if (chats.alertChannel !== channel) return chats.alertChannel;
  const other = STAFF_CHANNELS.find((candidate) => candidate !== channel && chats[candidate] !== null);
  return other ?? null;
}

/** The columns `LinkedChats` is read from (through `linkedChats`). */
export const LINKED_CHAT_COLUMNS = {
  telegram: staff.telegramChatId,
  whatsapp: staff.whatsappAddress,
  alertChannel: staff.alertChannel,
};

export function linkedChats(row: { telegram: string | null; whatsapp: string | null; alertChannel: Channel | null }): LinkedChats {
  return { telegram: row.telegram, whatsapp: row.whatsapp, alertChannel: asAlertChannel(row.alertChannel) };
}
