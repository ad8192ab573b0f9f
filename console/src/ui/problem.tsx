import type { JSX } from "preact";
import { ApiError } from "../lib/api.ts";
import { useT } from "../lib/i18n.ts";

/** The API's own localised message when it gave one; a kind general text otherwise. */
export function problemText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("problem.network");
    if (error.fields.length > 0) return error.fields.map((f) => f.message).join(" ");
    if (error.message) return error.message;
    if (error.status === 403) return t("problem.forbidden");
    if (error.status === 404) return t("problem.not_found");
  }
  return t("problem.unexpected");
}

/** A refused action, announced to screen readers as it appears. */
export function Problem({ error }: { error: unknown }): JSX.Element | null {
  const t = useT();
  if (error === undefined || error === null) return null;
  return (
    <p class="problem" role="alert">
      {problemText(error, t)}
    </p>
  );
}
