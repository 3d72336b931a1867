/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * One CSV record (RFC 4180, CRLF). Text that a spreadsheet would run as a formula gets a leading
 * apostrophe: summaries and quotes come from whoever holds a write key.
 */
export function csvRecord(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells
    .map((cell) => {
      let text = cell === null || cell === undefined ? '' : String(cell);
      if (FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}

/** Several values in one cell. */
export function joined(values: readonly (string | undefined)[], separator = '; '): string {
  return values.map((v) => v ?? '').join(separator);
}
