import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { TicketDetail, TicketTriage } from "../../lib/api-types.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { ruleKey, splitSignals } from "./ticket-facts.ts";

type Signal = TicketTriage["signals"][number];

/**
 * "Kenapa darurat?": the reporter's words each rule matched, and the rule in plain words, so the
 * peksos can judge the triage instead of trusting a colour. Open by default when it matters most.
 */
export function WhyUrgent(props: { ticket: TicketDetail; triage: TicketTriage | undefined; error: unknown }): JSX.Element {
  const { ticket, triage, error } = props;
  const t = useT("console-ticket");
  const tt = useT("triage");
  // Decided once, when the ticket opens: an override to sedang must not fold what the peksos is reading.
  const [openAtFirst] = useState(ticket.priority === "darurat" || ticket.priority === "tinggi");

  return (
    <details class={`card why priority-edge-${ticket.priority}`} open={openAtFirst}>
      <summary>
        <h2>{t("why.title", { priority: tt(`priority.${ticket.priority}`) })}</h2>
      </summary>
      {triage !== undefined ? (
        <TriageReasons triage={triage} />
      ) : error !== undefined ? (
        <Problem error={error} />
      ) : (
        <p role="status">{t("why.loading")}</p>
      )}
    </details>
  );
}

function TriageReasons({ triage }: { triage: TicketTriage }): JSX.Element {
  const t = useT("console-ticket");
  const tt = useT("triage");
  const language = useLanguage();
  const { counted, ignored } = splitSignals(triage.signals);

  return (
    <div class="why-body">
      {counted.length > 0 ? (
        <>
          <h3>{t("why.counted")}</h3>
          <SignalList signals={counted} />
        </>
      ) : (
        <p>{t("why.no_signals")}</p>
      )}
      {ignored.length > 0 && (
        <>
          <h3>{t("why.ignored")}</h3>
          <SignalList signals={ignored} />
        </>
      )}
      {triage.overrides.length > 0 && (
        <>
          <h3>{t("why.overrides")}</h3>
          <ul class="overrides">
            {triage.overrides.map((override) => (
              <li key={override.at}>
                {t("why.override_line", {
                  name: override.by.name,
                  at: formatDateTime(override.at, language),
                  from: `${tt(`priority.${override.from.priority}`)}, ${tt(`category.${override.from.category}`)}`,
                  to: `${tt(`priority.${override.to.priority}`)}, ${tt(`category.${override.to.category}`)}`,
                })}
                <br />
                {t("why.override_reason", { reason: override.reason })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SignalList({ signals }: { signals: Signal[] }): JSX.Element {
  const tt = useT("triage");
  return (
    <ul class="signals">
      {signals.map((signal, index) => (
        <li key={`${signal.rule}:${index}`}>
          {signal.phrase && <q class="signal-phrase">{signal.phrase}</q>}
          <span class="signal-rule">{tt(`rule.${ruleKey(signal.rule)}`, { defaultValue: signal.rule })}</span>
        </li>
      ))}
    </ul>
  );
}
