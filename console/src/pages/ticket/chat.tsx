import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { TicketDetail } from "../../lib/api-types.ts";
import { formatTime, localeTag } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { EvidenceView } from "./evidence.tsx";
import { deliveryStates, STAFF_REPLY_STEP, type DeliveryState } from "./ticket-facts.ts";

type Message = TicketDetail["transcript"][number];
type Sender = "reporter" | "bot" | "staff";

function senderOf(message: Message): Sender {
  if (message.direction === "in") return "reporter";
  return message.step === STAFF_REPLY_STEP ? "staff" : "bot";
}

/**
 * The report as the reporter lived it: their messages on the left, the bot's questions and the
 * staff's answers on the right, with the photos they sent in place. New messages arrive with the
 * live reload; the list keeps its end in view so the latest answer is what the peksos sees.
 */
export function Chat({ ticket }: { ticket: TicketDetail }): JSX.Element {
  const t = useT("console-ticket");
  const language = useLanguage();
  const list = useRef<HTMLDivElement>(null);
  const evidence = new Map(ticket.evidence.map((item) => [item.id, item]));
  const deliveries = deliveryStates(ticket);
  const count = ticket.transcript.length;

  useEffect(() => {
    const box = list.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [count]);

  const dayOf = (iso: string) =>
    new Intl.DateTimeFormat(localeTag(language), { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));

  return (
    <section class="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t("chat.title")}</h2>
      {count === 0 ? (
        <p class="hint">{t("chat.empty")}</p>
      ) : (
        // Focusable so the keyboard can scroll it when it scrolls on its own (desktop).
        <div class="chat-scroll" ref={list} role="log" aria-label={t("chat.label")} tabIndex={0}>
          <ol class="chat-list">
            {ticket.transcript.map((message, index) => {
              const day = dayOf(message.createdAt);
              const previous = ticket.transcript[index - 1];
              const newDay = previous === undefined || dayOf(previous.createdAt) !== day;
              const media = message.kind === "media" ? evidence.get(message.id) : undefined;
              return [
                newDay && (
                  <li key={`day-${message.id}`} class="chat-day">
                    {day}
                  </li>
                ),
                <ChatMessage key={message.id} message={message} delivery={deliveries.get(message.id)}>
                  {media && <EvidenceView evidence={media} />}
                </ChatMessage>,
              ];
            })}
          </ol>
        </div>
      )}
    </section>
  );
}

function ChatMessage({
  message,
  delivery,
  children,
}: {
  message: Message;
  delivery: DeliveryState | undefined;
  children?: JSX.Element | false | undefined;
}): JSX.Element {
  const t = useT("console-ticket");
  const language = useLanguage();
  const sender = senderOf(message);
  const hiddenWhole = message.redacted && message.text === null && message.media === null;

  return (
    <li class={`chat-message from-${sender}`}>
      <span class="chat-sender">{t(`chat.from_${sender}`)}</span>
      {hiddenWhole ? (
        <p class="chat-text redacted">{t("chat.contact_hidden")}</p>
      ) : (
        <>
          {message.text !== null && message.text !== "" &&
            (sender === "bot" ? <BotText text={message.text} /> : <p class="chat-text">{message.text}</p>)}
          {children}
          {message.text === null && !children && <p class="chat-text hint">{t("chat.no_text")}</p>}
          {message.redacted && <p class="chat-note">{t("chat.redacted")}</p>}
        </>
      )}
      <span class="chat-meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, language)}</time>
        {delivery && <span class={`delivery delivery-${delivery}`}> · {t(`chat.delivery.${delivery}`)}</span>}
      </span>
    </li>
  );
}

/** Bot messages this long are folded to a few lines: the reporter's words are what the peksos reads. */
const BOT_FOLD_CHARS = 160;

function BotText({ text }: { text: string }): JSX.Element {
  const t = useT("console-ticket");
  const [expanded, setExpanded] = useState(false);
  if (text.length <= BOT_FOLD_CHARS) return <p class="chat-text">{text}</p>;
  return (
    <>
      <p class={expanded ? "chat-text" : "chat-text folded"}>{text}</p>
      <button type="button" class="link-button chat-fold" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? t("chat.less") : t("chat.more")}
      </button>
    </>
  );
}
