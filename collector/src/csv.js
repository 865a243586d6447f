// CSV for Excel in Japan, by the same rules as the extension's export (src/records.ts): UTF-8 with a
// byte-order mark, CRLF, RFC 4180 quoting, and cells that a spreadsheet would run as a formula
// (starting with = + - @, tab or CR) prefixed with an apostrophe.

export const CSV_COLUMNS = [
  'id',
  'at',
  'event',
  'service',
  'meetingId',
  'title',
  'classification',
  'classificationSource',
  'warnings',
  'detail',
  'count',
  'lastSeen',
  'evidence',
  'version',
  'installation',
  // The collector's own columns (docs/contracts.md): the record's place in its installation's chain and its integrity state.
  'seq',
  'integrity',
];

export const BOM = '\uFEFF';

export function csvCell(value) {
  let text;
  if (value === undefined || value === null) text = '';
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) text = value.join(' ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = () => `${BOM}${CSV_COLUMNS.join(',')}\r\n`;
export const csvLine = (record) => `${CSV_COLUMNS.map((column) => csvCell(record[column])).join(',')}\r\n`;
