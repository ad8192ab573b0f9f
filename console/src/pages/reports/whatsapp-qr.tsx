import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { useInterval } from "./use-interval.ts";

/** WhatsApp replaces its QR about every 20 s; loading it every 10 s keeps a scannable one on screen. */
const QR_REFRESH_MS = 10_000;

/**
 * The steps to link the hotline's phone and the QR to scan. The image is loaded again with a new
 * query so no cache keeps an old code; a 404 (no QR right now) reads as "not yet available".
 */
export function WhatsAppQr({ available }: { available: boolean }): JSX.Element {
  const t = useT("console-reports");
  // A fresh start per visit, so a code cached from an earlier visit can never be shown.
  const [visit] = useState(() => Date.now().toString(36));
  const [round, setRound] = useState(0);
  const [failedRound, setFailedRound] = useState<number | null>(null);
  useInterval(() => setRound((r) => r + 1), QR_REFRESH_MS);
  const src = `/v1/channels/whatsapp/qr?v=${visit}-${round}`;
  const showImage = available && failedRound !== round;
  return (
    <section class="card qr-panel" aria-labelledby="qr-title">
      <h2 id="qr-title">{t("whatsapp.qr.heading")}</h2>
      <ol class="qr-steps">
        <li>{t("whatsapp.qr.steps.open")}</li>
        <li>{t("whatsapp.qr.steps.menu")}</li>
        <li>{t("whatsapp.qr.steps.link")}</li>
        <li>{t("whatsapp.qr.steps.scan")}</li>
      </ol>
      <div class="qr-box">
        {showImage ? (
          <img src={src} width={320} height={320} alt={t("whatsapp.qr.alt")} onError={() => setFailedRound(round)} />
        ) : (
          <p class="qr-unavailable" role="status">
            {t("whatsapp.qr.unavailable")}
          </p>
        )}
      </div>
      <p class="muted">{t("whatsapp.qr.refreshing")}</p>
      <p class="qr-warning">{t("whatsapp.qr.warning")}</p>
    </section>
  );
}
