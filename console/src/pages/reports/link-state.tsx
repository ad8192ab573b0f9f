import type { JSX } from "preact";
import type { ChannelLink } from "../../lib/api-types.ts";
import { formatDateTime, formatDuration } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";

/** The words the adapter reports (bot/channels/whatsapp/connection.ts) that have an explanation. */
const KNOWN_REASONS = ["LOGOUT", "CONFLICT", "auth_failure", "silent"];

/**
 * Whether WhatsApp reports can arrive now, said in words with a symbol (colour only adds to it),
 * since when, and why not. `link` undefined: the adapter never reported to this server.
 */
export function LinkState({ link, now }: { link: ChannelLink | undefined; now: Date }): JSX.Element {
  const t = useT("console-reports");
  const language = useLanguage();
  const state = link?.state ?? "never";
  const reason = link?.reason;
  return (
    <section class={`card link-state link-${state}`} aria-labelledby="link-state-title">
      <h2 id="link-state-title">{t("whatsapp.state_heading")}</h2>
      <p class="link-state-word" role="status">
        <span class="link-state-symbol" aria-hidden="true">
          {t(`whatsapp.symbol.${state}`)}
        </span>
        {t(`whatsapp.state.${state}`)}
      </p>
      <p>{t(`whatsapp.state_help.${state}`)}</p>
      {link && (
        <p>
          {t("whatsapp.since", {
            time: formatDateTime(link.since, language),
            ago: formatDuration(now.getTime() - new Date(link.since).getTime(), language),
          })}
        </p>
      )}
      {reason && (
        <p>
          <strong>{t("whatsapp.reason_label")}</strong>{" "}
          {KNOWN_REASONS.includes(reason) ? t(`whatsapp.reasons.${reason}`) : t("whatsapp.reasons.other", { reason })}
        </p>
      )}
      {link && <p class="muted">{t("whatsapp.last_report", { time: formatDateTime(link.reportedAt, language) })}</p>}
    </section>
  );
}
