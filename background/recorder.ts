/**
 * Adds records to the log under the policy in force: pending delivery when the policy names an
 * endpoint, pruned only by a retention the admin set. Returns once the record is stored; sending is
 * started afterwards and never awaited here (a slow endpoint must not hold up the popup or a tab).
 */
import type { EffectivePolicy } from '../src/policy/effective';
import { boundedEvidence, type NewRecord, policyReport, type RecordEntry, retentionDays } from '../src/records';
import type { RecordLog } from './record-log';

export interface RecorderDeps {
  log: RecordLog;
  policy(): Promise<EffectivePolicy>;
  installation(): Promise<string>;
  version: string;
  /** After each stored record: start delivery, tell open pages. Not awaited. */
  appended(): void;
}

export function createRecorder(deps: RecorderDeps) {
  return {
    async record(entry: NewRecord): Promise<RecordEntry> {
      const [parsed, installation] = await Promise.all([deps.policy(), deps.installation()]);
      const { evidence, ...rest } = entry;
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
        pending: Boolean(parsed.policy.reportEndpoint),
        retentionDays: retentionDays(parsed),
        version: deps.version,
        installation,
      });
      deps.appended();
      return kept;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
