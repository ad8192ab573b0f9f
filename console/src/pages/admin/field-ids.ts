import { useId } from "preact/hooks";

/**
 * Ids that name an input by its label's own words and describe it by its hint. A <label>
 * wrapping the hint (or a select's options) would otherwise read all of it as the name.
 */
export function useFieldIds(): { label: string; hint: string } {
  const id = useId();
  return { label: `${id}-label`, hint: `${id}-hint` };
}
