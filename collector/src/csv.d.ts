// Types of csv.js for the TypeScript console (collector/src/console), until the collector is TypeScript.
export const CSV_COLUMNS: readonly string[];
export const BOM: string;
export function csvCell(value: unknown): string;
export function csvHeader(): string;
export function csvLine(record: Record<string, unknown>): string;
