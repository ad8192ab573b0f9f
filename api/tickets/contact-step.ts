/**
 * The conversation step whose answer is the reporter's name and phone. For a caller who may not
 * read the reporter's contact it is left out whole — text and any file sent there — since a typed
 * phone ("0812-3456 7890") need not match the stored form the mask looks for.
 */
export const CONTACT_STEP = "name";

export function isContactAnswer(row: { direction: string; step: string | null }): boolean {
  return row.direction === "in" && row.step === CONTACT_STEP;
}
