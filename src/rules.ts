/**
 * What was detected + the meeting's class + the policy → the active warnings (ids of docs/contracts.md).
 * One table, RULES, says for each warning which clause it breaks, which signal it reads, when it
 * applies and which guard key names the control that starts it; the warnings, the checklist's
 * 21-no-e2e-breaking item, the guard and the popup's and banner's labels are all derived from it.
 */
import type { CheckId, WarningId } from './ids';
import type { Classification, Policy } from './policy/policy';
import type { Signal, SignalName, Snapshot } from './services/service';

export interface RuleInput {
  snapshot: Snapshot;
  classification: Classification;
  policy: Policy;
  /** True when the meeting belongs to an outside organisation (policy `internalDomains`). */
  external?: boolean;
  /** The approval reference (承認番号) the person recorded for this outside meeting, if any. */
  approval?: string | null;
}

/**
 * - `sensitive`: only at 機密性2以上;
 * - `host`: host duties, shown to hosts and when the role could not be read (a participant cannot act on them);
 * - `always`: at every class, to everyone.
 */
export type Applies = 'sensitive' | 'host' | 'always';

export interface Rule {
  warning: WarningId;
  clause: CheckId;
  applies: Applies;
  /** The signal the rule reads, and the value that raises the warning ('unknown' never does). */
  signal?: SignalName;
  raisedWhen?: Exclude<Signal, 'unknown'>;
  /** True for the features that make E2E encryption impossible (21-no-e2e-breaking): any "on" evidence warns. */
  breaksE2ee?: boolean;
  /** The adapter table key listing the controls that start the feature (policy `e2eBreakingFeatures` guard). */
  guardKey?: string;
  /** The policy switch that must be on for the rule to apply. */
  requires?: 'requirePasscode' | 'requireWaitingRoom';
  /** Rules that do not read one signal. */
  raised?: (input: RuleInput) => boolean;
}

/** Whether the policy permits this service for a meeting of this class (21-permitted, 8.2). */
export function isPermitted(service: string, classification: Classification, policy: Policy): boolean {
  const entry = policy.permittedServices.find((permitted) => permitted.service === service);
  return entry !== undefined && classification <= entry.maxClassification;
}

type BreakingRule = Rule & { signal: SignalName; guardKey: string };

const breaking = (warning: WarningId, signal: SignalName, guardKey: string): BreakingRule => ({
  warning,
  clause: '21-no-e2e-breaking',
  applies: 'sensitive',
  signal,
  raisedWhen: 'on',
  breaksE2ee: true,
  guardKey,
});

// Named rather than written inline in RULES, so that a content script's guard, which takes E2E_BREAKING_RULES only,
// is bundled without RULES and WARNING_CLAUSE (built by a call marked pure, which a bundler drops when unread).
const RECORDING = breaking('recording', 'recording', 'guardRecording');
const TRANSCRIPTION = breaking('transcription', 'transcription', 'guardTranscription');
const TRANSLATION = breaking('translation', 'translation', 'guardTranslation');
const AI_NOTES = breaking('ai-notes', 'aiNotes', 'guardAiNotes');

/** In the order warnings are shown. */
export const RULES: readonly Rule[] = [
  {
    warning: 'unpermitted-service',
    clause: '21-permitted',
    applies: 'always',
    raised: ({ snapshot, classification, policy }) => !isPermitted(snapshot.service, classification, policy),
  },
  {
    warning: 'external-meeting',
    clause: '21-4',
    applies: 'always',
    raised: ({ external, approval }) => Boolean(external) && !approval,
  },
  {
    // A page that could not be read shows nothing safe at 機密性2以上: the person checks it (issue 8).
    warning: 'page-unreadable',
    clause: '21-no-e2e-breaking',
    applies: 'sensitive',
    raised: ({ snapshot }) => snapshot.unreadable === true,
  },
  RECORDING,
  TRANSCRIPTION,
  TRANSLATION,
  AI_NOTES,
  { warning: 'no-e2ee', clause: '21-e2ee', applies: 'sensitive', signal: 'e2ee', raisedWhen: 'off' },
  // An AI notetaker is a suspicious participant at any class (21-remove-suspicious).
  {
    warning: 'notetaker-bot',
    clause: '21-remove-suspicious',
    applies: 'always',
    raised: ({ snapshot }) => Boolean(snapshot.notetakers?.length),
  },
  {
    warning: 'no-passcode',
    clause: '21-passcode',
    applies: 'host',
    signal: 'passcode',
    raisedWhen: 'off',
    requires: 'requirePasscode',
  },
  {
    warning: 'no-waiting-room',
    clause: '21-waiting-room',
    applies: 'host',
    signal: 'waitingRoom',
    raisedWhen: 'off',
    requires: 'requireWaitingRoom',
  },
  {
    warning: 'passcode-in-link',
    clause: '21-passcode-notify',
    applies: 'host',
    signal: 'passcodeInLink',
    raisedWhen: 'on',
  },
];

/** The E2E-breaking rules: their signals, warnings and guard keys. */
export const E2E_BREAKING_RULES: readonly BreakingRule[] = [RECORDING, TRANSCRIPTION, TRANSLATION, AI_NOTES];

const clauses = (rules: readonly Rule[]) =>
  Object.fromEntries(rules.map((rule) => [rule.warning, rule.clause])) as Record<WarningId, CheckId>;

/** The clause each warning breaks: the banner and popup cite it. */
export const WARNING_CLAUSE = /* @__PURE__ */ clauses(RULES);

function applies(rule: Rule, input: RuleInput): boolean {
  if (rule.requires && !input.policy[rule.requires]) return false;
  // Each kind named: a rule whose kind is none of these applies nowhere, and a test notices.
  switch (rule.applies) {
    case 'always':
      return true;
    case 'sensitive':
      return input.classification >= 2;
    case 'host':
      return input.snapshot.role !== 'participant';
  }
}

export function computeWarnings(input: RuleInput): WarningId[] {
  return RULES.filter((rule) => {
    if (!applies(rule, input)) return false;
    if (rule.raised) return rule.raised(input);
    return rule.signal !== undefined && input.snapshot.signals[rule.signal] === rule.raisedWhen;
  }).map((rule) => rule.warning);
}
