/** The record of checks and warnings kept in the browser (and sent where the admin's policy says). */
import type { WarningId } from './ids';
import type { Classification } from './policy/policy';

export interface RecordEntry {
  at: string;
  event: 'warnings' | 'classification' | 'confirmed' | 'approval' | 'dismissed' | 'guard' | 'policy-problems';
  service?: string;
  meetingId?: string | null;
  title?: string | null;
  classification?: Classification;
  classificationSource?: string;
  warnings?: WarningId[];
  detail?: string;
}

/** Even with a long retention, the record stays a size that storage.local handles quickly. */
export const MAX_RECORDS = 5000;

/** Drops entries older than the retention, keeps the newest MAX_RECORDS, and appends the new one. */
export function appendPruned(
  records: readonly RecordEntry[],
  entry: RecordEntry,
  retentionDays: number,
): RecordEntry[] {
  const cutoff = Date.parse(entry.at) - retentionDays * 86_400_000;
  const kept = records.filter((record) => Date.parse(record.at) >= cutoff);
  kept.push(entry);
  return kept.slice(-MAX_RECORDS);
}
