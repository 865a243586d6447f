/** What was detected + the meeting's class + the policy → the active warnings (ids of design.md). */
import type { WarningId } from './ids';
import type { Classification, Policy } from './policy/policy';
import type { Snapshot } from './services/service';

export interface RuleInput {
  snapshot: Snapshot;
  classification: Classification;
  policy: Policy;
  /** True when the meeting belongs to an outside organisation (policy `internalDomains`). */
  external?: boolean;
  /** The approval reference (承認番号) the person recorded for this outside meeting, if any. */
  approval?: string | null;
}

/** Whether the policy permits this service for a meeting of this class (21-permitted, 8.2). */
export function isPermitted(service: string, classification: Classification, policy: Policy): boolean {
  const entry = policy.permittedServices.find((permitted) => permitted.service === service);
  return entry !== undefined && classification <= entry.maxClassification;
}

/** Features that make E2E encryption impossible (21-no-e2e-breaking), with their warning ids. */
export const E2E_BREAKING = [
  ['recording', 'recording'],
  ['transcription', 'transcription'],
  ['translation', 'translation'],
  ['aiNotes', 'ai-notes'],
] as const satisfies readonly (readonly [keyof Snapshot['signals'], WarningId])[];

export function computeWarnings({ snapshot, classification, policy, external, approval }: RuleInput): WarningId[] {
  const { signals, role } = snapshot;
  const warnings: WarningId[] = [];
  const sensitive = classification >= 2;
  const hostView = role !== 'participant';

  if (!isPermitted(snapshot.service, classification, policy)) warnings.push('unpermitted-service');
  if (external && !approval) warnings.push('external-meeting');
  if (sensitive) {
    for (const [signal, warning] of E2E_BREAKING) if (signals[signal] === 'on') warnings.push(warning);
    if (signals.e2ee === 'off') warnings.push('no-e2ee');
  }
  // An AI notetaker is a suspicious participant at any class (21-remove-suspicious).
  if (snapshot.notetakers?.length) warnings.push('notetaker-bot');
  // Host duties: shown to hosts, and when the role could not be read (a participant cannot act on them).
  if (hostView) {
    if (policy.requirePasscode && signals.passcode === 'off') warnings.push('no-passcode');
    if (policy.requireWaitingRoom && signals.waitingRoom === 'off') warnings.push('no-waiting-room');
    if (signals.passcodeInLink === 'on') warnings.push('passcode-in-link');
  }
  return warnings;
}
