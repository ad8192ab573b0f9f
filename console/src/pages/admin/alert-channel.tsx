import type { JSX } from "preact";
import { useT } from "../../lib/i18n.ts";

export type AlertChannel = "telegram" | "whatsapp" | null;

/** Where a person's alerts go; "no chat" is written out and marked, so it reads without colour too. */
export function AlertChannelTag({ channel }: { channel: AlertChannel }): JSX.Element {
  const t = useT("console-admin");
  if (channel === null) return <span class="badge alert-channel none">⚠ {t("channel.none")}</span>;
  return <span class={`badge alert-channel ${channel}`}>{t(`channel.${channel}`)}</span>;
}
