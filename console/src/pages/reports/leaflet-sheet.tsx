import type { JSX } from "preact";
import type { Leaflet } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";

/** What a child types if the camera will not scan: the link without its scheme. */
function shortLink(link: string): string {
  return link.replace(/^https?:\/\//, "");
}

/**
 * A QR code from our own API (its qrcode generator's SVG, nothing a user typed), injected as is;
 * the wrapper names it for screen readers and sets its printed size.
 */
function QrFigure({ svg, name, link, extra }: { svg: string; name: string; link: string; extra?: string }): JSX.Element {
  const t = useT("console-reports");
  return (
    <figure class="leaflet-qr">
      <div class="qr-svg" role="img" aria-label={t("leaflet.qr_label", { name, link })} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption>
        <strong>{name}</strong>
        {extra && <span>{extra}</span>}
        <span class="leaflet-link">{shortLink(link)}</span>
      </figcaption>
    </figure>
  );
}

/** The A4 leaflet a peksos hands out in a school: the same sheet on screen and on paper. */
export function LeafletSheet({ leaflet }: { leaflet: Leaflet }): JSX.Element {
  const t = useT("console-reports");
  const { school, unit, telegram, whatsapp } = leaflet;
  return (
    <article class="leaflet-sheet" aria-labelledby="leaflet-title">
      <header class="leaflet-header">
        <p class="leaflet-unit">{unit.name}</p>
        <h2 id="leaflet-title" class="leaflet-title">
          {t("leaflet.title")}
        </h2>
        <p class="leaflet-school">
          {t("leaflet.for_school", { school: school.name })}
          {school.kecamatan && <span class="leaflet-kecamatan">{t("leaflet.kecamatan", { kecamatan: school.kecamatan })}</span>}
        </p>
      </header>

      {(telegram || whatsapp) && (
        <section class="leaflet-channels" aria-label={t("leaflet.channels")}>
          <p class="leaflet-scan">{t("leaflet.scan")}</p>
          <div class="leaflet-qrs">
            {telegram && <QrFigure svg={telegram.qrSvg} name={t("leaflet.telegram")} link={telegram.link} />}
            {whatsapp && (
              <QrFigure
                svg={whatsapp.qrSvg}
                name={t("leaflet.whatsapp")}
                link={whatsapp.link}
                extra={t("leaflet.whatsapp_number", { number: whatsapp.number })}
              />
            )}
          </div>
        </section>
      )}
      <p class="leaflet-anonymous">{t("leaflet.anonymous")}</p>

      <div class="leaflet-body">
        <section class="leaflet-guidance">
          <h3>{leaflet.guidance.title}</h3>
          <ul>
            {leaflet.guidance.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </section>
        <div class="leaflet-numbers">
          {unit.hotlineNumbers.length > 0 && (
            <section class="leaflet-hotline">
              <h3>{t("leaflet.hotline")}</h3>
              <ul>
                {unit.hotlineNumbers.map((entry) => (
                  <li key={`${entry.label}-${entry.number}`}>
                    <span class="leaflet-hotline-label">{entry.label}</span>
                    <span>
                      <strong class="leaflet-number">{entry.number}</strong>
                      {entry.whatsapp && <span class="leaflet-tag">{t("leaflet.whatsapp_tag")}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section class="leaflet-emergency">
            <h3>{t("leaflet.emergency")}</h3>
            <ul>
              {leaflet.emergencyNumbers.map((entry) => (
                <li key={`${entry.label}-${entry.number}`}>
                  <strong class="leaflet-number">{entry.number}</strong> <span>{entry.label}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>

      <footer class="leaflet-footer">{t("leaflet.footer", { unit: unit.name })}</footer>
    </article>
  );
}
