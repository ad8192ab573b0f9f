import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { PRIORITIES } from "../../../db/schema/values.ts";
import { api } from "../lib/api.ts";
import type { Unit } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { useSession } from "../lib/session.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { Problem } from "../ui/problem.tsx";
import { StatusNote } from "../ui/status-note.tsx";
import { useSubmit } from "../ui/use-submit.ts";
import "./unit.css";

type HotlineNumber = Unit["hotlineNumbers"][number];

/**
 * The unit's own settings (admins): the hotline numbers printed on every school's leaflet (the
 * one marked WhatsApp becomes the leaflet's WhatsApp QR), the time to acknowledge per priority,
 * and how long contact details are kept after closing (UU PDP). The code never changes: it is in
 * every ticket code already handed to a child.
 */
export function UnitPage(): JSX.Element {
  const t = useT("console-unit");
  const { me } = useSession();
  const units = useResource((signal) => api.get<{ items: Unit[] }>("/v1/units", { signal }), []);
  const [unitId, setUnitId] = useState(me.unitId);

  if (units.state === "failed" && !units.data) return <ErrorBlock error={units.error} onRetry={units.reload} />;
  if (!units.data) return <LoadingBlock />;
  const unit = units.data.items.find((u) => u.id === unitId) ?? units.data.items[0];
  return (
    <section class="unit-page" aria-labelledby="unit-title">
      <h1 id="unit-title">{t("title")}</h1>
      <p>{t("intro")}</p>
      {units.data.items.length > 1 && (
        <label class="field">
          <span>{t("which")}</span>
          <select value={unit?.id} onChange={(e) => setUnitId(e.currentTarget.value)}>
            {units.data.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {unit && <UnitForm key={`${unit.id}:${unit.updatedAt}`} unit={unit} onSaved={units.reload} />}
    </section>
  );
}

function UnitForm({ unit, onSaved }: { unit: Unit; onSaved: () => void }): JSX.Element {
  const t = useT("console-unit");
  const tt = useT("triage");
  const submit = useSubmit();
  const [note, setNote] = useState("");
  const [name, setName] = useState(unit.name);
  const [numbers, setNumbers] = useState<HotlineNumber[]>(unit.hotlineNumbers);
  const [sla, setSla] = useState(unit.slaMinutes);
  const [retentionDays, setRetentionDays] = useState(unit.retentionDays);
  const [kecamatan, setKecamatan] = useState(unit.kecamatan.join(", "));

  useEffect(() => setNote(""), [name, numbers, sla, retentionDays, kecamatan]);

  const changeNumber = (index: number, change: Partial<HotlineNumber>) =>
    setNumbers((current) => current.map((n, i) => (i === index ? { ...n, ...change } : n)));

  const save = async (event: Event) => {
    event.preventDefault();
    const saved = await submit.run(async () => {
      await api.patch<Unit>(`/v1/units/${unit.id}`, {
        name,
        hotlineNumbers: numbers.filter((n) => n.number.trim() !== ""),
        slaMinutes: sla,
        retentionDays,
        kecamatan: kecamatan
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean),
      });
    });
    if (saved) {
      setNote(t("saved"));
      onSaved();
    }
  };

  return (
    <form class="card unit-form" onSubmit={save}>
      <label class="field">
        <span>{t("name")}</span>
        <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <small>{t("code", { code: unit.code })}</small>
      </label>

      <fieldset>
        <legend>{t("numbers.title")}</legend>
        <p class="hint">{t("numbers.hint")}</p>
        {numbers.map((number, index) => (
          <div class="hotline-row" key={index}>
            <label class="field">
              <span>{t("numbers.label")}</span>
              <input value={number.label} maxLength={80} onInput={(e) => changeNumber(index, { label: e.currentTarget.value })} />
            </label>
            <label class="field">
              <span>{t("numbers.number")}</span>
              <input
                value={number.number}
                inputMode="tel"
                maxLength={30}
                onInput={(e) => changeNumber(index, { number: e.currentTarget.value })}
              />
            </label>
            <label class="check">
              <input type="checkbox" checked={number.whatsapp} onChange={(e) => changeNumber(index, { whatsapp: e.currentTarget.checked })} />
              <span>{t("numbers.whatsapp")}</span>
            </label>
            <button type="button" class="button secondary" onClick={() => setNumbers((current) => current.filter((_, i) => i !== index))}>
              {t("numbers.remove", { label: number.label || number.number || index + 1 })}
            </button>
          </div>
        ))}
        <button type="button" class="button" onClick={() => setNumbers((current) => [...current, { label: "", number: "", whatsapp: false }])}>
          {t("numbers.add")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("sla.title")}</legend>
        <p class="hint">{t("sla.hint")}</p>
        <div class="sla-grid">
          {PRIORITIES.map((priority) => (
            <label class="field" key={priority}>
              <span>{t("sla.minutes", { priority: tt(`priority.${priority}`) })}</span>
              <input
                type="number"
                min={1}
                required
                value={sla[priority]}
                onInput={(e) => setSla((current) => ({ ...current, [priority]: Number(e.currentTarget.value) }))}
              />
            </label>
          ))}
        </div>
      </fieldset>

      <label class="field">
        <span>{t("retention")}</span>
        <input type="number" min={30} max={3650} required value={retentionDays} onInput={(e) => setRetentionDays(Number(e.currentTarget.value))} />
        <small>{t("retention_hint")}</small>
      </label>

      <label class="field">
        <span>{t("kecamatan")}</span>
        <textarea rows={2} value={kecamatan} onInput={(e) => setKecamatan(e.currentTarget.value)} />
        <small>{t("kecamatan_hint")}</small>
      </label>

      <Problem error={submit.error} />
      <StatusNote text={note} />
      <button type="submit" class="button primary" disabled={submit.busy}>
        {submit.busy ? t("saving") : t("save")}
      </button>
    </form>
  );
}
