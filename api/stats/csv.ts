/*
 * CSV as Excel and LibreOffice read it: RFC 4180 quoting, CRLF lines, and a UTF-8 byte order
 * mark, without which Excel shows "Perundungan" fine but mangles any name with an accent.
 */

export type CsvValue = string | number | null;

const BYTE_ORDER_MARK = "\uFEFF";

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, also after spaces, or a leading tab or
 * carriage return) gets a leading apostrophe: school names come from reporters, and
 * `=HYPERLINK(...)` in one must stay text in the clerk's Excel (OWASP "CSV injection").
 */
function neutraliseFormula(text: string): string {
  return /^\s*[=+\-@]|^[\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole document, header row first. */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return BYTE_ORDER_MARK + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
