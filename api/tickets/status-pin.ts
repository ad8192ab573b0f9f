/**
 * The reporter's status PIN is theirs alone: with the code it opens the report's status from any
 * chat. It appears in the transcript twice — the bot's confirmation ("PIN: 1234") and a reporter's
 * "/status MTR-7K3QX 1234" — and no staff member needs it, so the ticket detail never shows it.
 */
const IN_CONFIRMATION = /(\bPIN:?\s*)\d{4,8}\b/g;
const IN_STATUS_COMMAND = /(\/status\s+[A-Za-z]{3}-[A-Za-z0-9]{5}\s+)\d{4,8}\b/gi;

export const PIN_MASK = "••••";

export function withoutStatusPin(text: string): string {
  return text.replace(IN_CONFIRMATION, `$1${PIN_MASK}`).replace(IN_STATUS_COMMAND, `$1${PIN_MASK}`);
}
