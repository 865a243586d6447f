// CSV for Excel in Japan, by the same rules and the same record columns as the extension's export: both
// come from contract/record-contract.ts (UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, and cells
// that a spreadsheet would run as a formula prefixed with an apostrophe).
import { BOM, csvCell, csvRow, CSV_COLUMNS as RECORD_COLUMNS } from '../../contract/record-contract.ts';

export { BOM, csvCell };

export const CSV_COLUMNS: readonly string[] = [
  ...RECORD_COLUMNS,
  // The collector's own columns (docs/contracts.md): the record's place in its installation's chain and its integrity state.
  'seq',
  'integrity',
];

export const csvHeader = (): string => `${BOM}${CSV_COLUMNS.join(',')}\r\n`;
export const csvLine = (record: object): string => csvRow(record, CSV_COLUMNS);
