/**
 * Adds records to the log under the policy in force: pending delivery when the policy names an
 * endpoint, pruned only by a retention the admin set. Returns once the record is stored; sending is
 * started afterwards and never awaited here (a slow endpoint must not hold up the popup or a tab).
 * A record made before the admin's policy is known (the pending policy: src/policy/pending.ts) may be
 * the admin's to collect: it waits as pending delivery and is held, and `release` settles it once the
 * policy answers (sent to its endpoint, or kept here only where it names none).
 */
import type { EffectivePolicy } from '../src/policy/effective';
import {
  boundedEvidence,
  type NewRecord,
  policyReport,
  type RecordEntry,
  retentionDays,
  wellFormed,
} from '../src/records';
import type { RecordLog } from './record-log';

export interface RecorderDeps {
  log: RecordLog;
  policy(): Promise<EffectivePolicy>;
  installation(): Promise<string>;
  version: string;
  /** After each stored record: start delivery, tell open pages. Not awaited. */
  appended(): void;
  /** Remembers a record made before the policy was known (background/store.ts holdForPolicy). */
  hold(id: string): Promise<void>;
  /** The held records' ids, forgotten as they are taken. */
  takeHeld(): Promise<string[]>;
}

export function createRecorder(deps: RecorderDeps) {
  return {
    async record(entry: NewRecord): Promise<RecordEntry> {
      const [parsed, installation] = await Promise.all([deps.policy(), deps.installation()]);
      const { evidence, ...rest } = wellFormed(entry);
      const bounded = boundedEvidence(evidence);
      const { organization, department } = parsed.policy;
      // Who the record belongs to (policy organization/department) and the policy it ran under.
      const tagged = {
        ...rest,
        ...(organization ? { organization } : {}),
        ...(department ? { department } : {}),
        policyDigest: (await policyReport(parsed, '')).digest,
      };
      const kept = await deps.log.append(bounded === undefined ? tagged : { ...tagged, evidence: bounded }, {
        pending: Boolean(parsed.policy.reportEndpoint) || parsed.pending === true,
        retentionDays: retentionDays(parsed),
        version: deps.version,
        installation,
      });
      if (parsed.pending) await deps.hold(kept.id);
      deps.appended();
      return kept;
    },

    /**
     * Once the admin's policy is known: the records held meanwhile stay pending for its endpoint, or, where it
     * names none, are kept here only. Returns how many were held (0 while the policy is still pending).
     */
    async release(parsed: EffectivePolicy): Promise<number> {
      if (parsed.pending) return 0;
      const held = await deps.takeHeld();
      if (held.length && !parsed.policy.reportEndpoint) await deps.log.mark(held, 'local');
      return held.length;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
