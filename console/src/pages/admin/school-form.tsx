import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { SchoolList } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { useFieldIds } from "./field-ids.ts";
import { FormActions } from "./form-actions.tsx";
import { useSubmit } from "../../ui/use-submit.ts";

export type School = SchoolList["schools"][number];

/** "SMP Negeri 3 Metro" → "smp-negeri-3-metro": a code suggestion the supervisor may shorten. */
export function suggestCode(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/**
 * Add a school or correct one. The code goes into the leaflet's Telegram link, so a changed
 * code means printing the leaflet again: the form says so when the code is edited.
 */
export function SchoolForm({
  school,
  kecamatanOptions,
  onSaved,
  onCancel,
}: {
  school: School | null;
  kecamatanOptions: string[];
  onSaved: (school: School) => void;
  onCancel: () => void;
}): JSX.Element {
  const t = useT("console-admin");
  const [name, setName] = useState(school?.name ?? "");
  const [code, setCode] = useState(school?.code ?? "");
  // While adding, the code follows the name until the person types their own.
  const [codeTouched, setCodeTouched] = useState(school !== null);
  const [kecamatan, setKecamatan] = useState(school?.kecamatan ?? "");
  const save = useSubmit();
  const codeField = useFieldIds();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [school?.id]);

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const body = { name, code, kecamatan: kecamatan.trim() === "" ? null : kecamatan };
      onSaved(school ? await api.patch<School>(`/v1/schools/${school.id}`, body) : await api.post<School>("/v1/schools", body));
    });
  };

  return (
    <form class="card admin-form" onSubmit={submit}>
      <h2 tabIndex={-1} ref={heading}>
        {school ? t("school_form.edit_title", { name: school.name }) : t("school_form.add_title")}
      </h2>
      {school?.isExample && <p class="notice warn">{t("school_form.example_hint")}</p>}
      <label class="field">
        <span>{t("school_form.name")}</span>
        <input
          required
          minLength={2}
          maxLength={200}
          value={name}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setName(value);
            if (!codeTouched) setCode(suggestCode(value));
          }}
        />
      </label>
      <label class="field">
        <span id={codeField.label}>{t("school_form.code")}</span>
        <input
          required
          pattern="[a-z0-9\-]{2,40}"
          maxLength={40}
          autocapitalize="none"
          spellcheck={false}
          value={code}
          aria-labelledby={codeField.label}
          aria-describedby={codeField.hint}
          onInput={(e) => {
            setCodeTouched(true);
            setCode(e.currentTarget.value.toLowerCase());
          }}
        />
        <small id={codeField.hint}>{t("school_form.code_hint")}</small>
      </label>
      {school && code !== school.code && <p class="notice warn">{t("school_form.code_changed")}</p>}
      <label class="field">
        <span>{t("school_form.kecamatan")}</span>
        <input list="kecamatan-options" maxLength={100} value={kecamatan} onInput={(e) => setKecamatan(e.currentTarget.value)} />
      </label>
      <datalist id="kecamatan-options">
        {kecamatanOptions.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      <FormActions save={save} onCancel={onCancel} />
    </form>
  );
}
