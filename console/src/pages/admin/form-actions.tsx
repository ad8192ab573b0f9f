import type { JSX } from "preact";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import type { Submit } from "../../ui/use-submit.ts";

/** The end of every admin form: the API's refusal if any, then save (busy while saving) and cancel. */
export function FormActions({ save, onCancel, submitLabel }: { save: Submit; onCancel: () => void; submitLabel?: string }): JSX.Element {
  const tc = useT();
  return (
    <>
      <Problem error={save.error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={save.busy}>
          {save.busy ? tc("common.saving") : (submitLabel ?? tc("common.save"))}
        </button>
        <button type="button" class="button secondary" onClick={onCancel}>
          {tc("common.cancel")}
        </button>
      </div>
    </>
  );
}
