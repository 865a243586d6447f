/**
 * One tab's whole picture, derived (never stored): the frames' snapshots merged, the class
 * resolved, warnings and checklist evaluated. Background builds it for the popup, the badge and
 * the banner, so all three always agree.
 */
import { type BrowserInfo, type ChecklistItem, evaluateChecklist } from './checklist';
import { type ResolvedClassification, resolveClassification } from './classification';
import type { ServiceCoverage } from './guard-coverage';
import type { CheckId, WarningId } from './ids';
import type { Classification, ParsedPolicy, PolicyKey } from './policy/policy';
import { computeWarnings } from './rules';
import { anyOn, type Phase, type Role, SIGNAL_NAMES, type SignalName, type Snapshot } from './services/service';

/** What is remembered per meeting in storage.local. */
export interface MeetingMemory {
  classification?: Classification;
  confirmed?: CheckId[];
  approval?: string;
}

export interface TabView {
  tabId: number;
  snapshot: Snapshot | null;
  serviceName: string | null;
  meetingKey: string | null;
  classification: ResolvedClassification | null;
  warnings: WarningId[];
  checklist: ChecklistItem[];
  /** Signals that matter for this meeting and that the page did not show: the person checks them. */
  unreadable: SignalName[];
  /** Of those, the ones this service's browser page never shows: a vendor fact (the adapter's `neverShown`). */
  neverShown: SignalName[];
  /** The rest: the service shows them, but Meeting Guard did not read them from this screen (our gap). */
  notReadYet: SignalName[];
  lockedKeys: PolicyKey[];
  e2eBreakingFeatures: 'warn' | 'confirm' | 'block';
  /** What the guard can stop on this service (src/guard-coverage.ts); absent for a service without a table. */
  guardCoverage?: ServiceCoverage;
  procedureUrl: string;
  applicationUrl: string;
  organizationName: string;
  external: boolean | undefined;
  approval: string | null;
}

const PHASE_RANK: Record<Phase, number> = { schedule: 0, prejoin: 1, meeting: 2 };
const ROLE_RANK: Record<Role, number> = { unknown: 0, participant: 1, host: 2 };

/**
 * Zoom and Webex run their meeting UI in an iframe, so one tab may report from several frames.
 * Any frame that sees a feature on wins; 'off' needs a frame that saw it and none that saw 'on'.
 */
export function mergeFrames(snapshots: readonly Snapshot[]): Snapshot | null {
  const [first, ...rest] = snapshots;
  if (!first) return null;
  if (rest.length === 0) return first;
  const merged: Snapshot = structuredClone(first);
  for (const other of rest) {
    merged.meetingId ??= other.meetingId;
    merged.title ??= other.title;
    if (PHASE_RANK[other.phase] > PHASE_RANK[merged.phase]) merged.phase = other.phase;
    if (ROLE_RANK[other.role] > ROLE_RANK[merged.role]) merged.role = other.role;
    for (const name of SIGNAL_NAMES) {
      merged.signals[name] = anyOn(merged.signals[name], other.signals[name]);
      const seen = other.evidence?.[name];
      if (!seen) continue;
      const into = merged.evidence?.[name];
      merged.evidence = {
        ...merged.evidence,
        [name]: { on: [...(into?.on ?? []), ...seen.on], off: [...(into?.off ?? []), ...seen.off] },
      };
    }
    if (other.notetakers?.length) merged.notetakers = [...new Set([...(merged.notetakers ?? []), ...other.notetakers])];
  }
  return merged;
}

/** Where a meeting's marks are remembered: its id where the page shows one, else its address. */
export function meetingKey(snapshot: Snapshot, url: string | undefined): string {
  if (snapshot.meetingId) return `${snapshot.service}:${snapshot.meetingId}`;
  let address = url ?? '';
  try {
    const parsed = new URL(address);
    address = parsed.origin + parsed.pathname;
  } catch {
    // keep as is
  }
  return `${snapshot.service}:${address}`;
}

export interface TabViewInput {
  tabId: number;
  snapshot: Snapshot | null;
  serviceName?: string;
  /** The service's signals that its browser page never shows (vendor facts, with their sources). */
  serviceNeverShown?: Readonly<Partial<Record<SignalName, string>>>;
  url?: string;
  memory: MeetingMemory;
  parsedPolicy: ParsedPolicy;
  browser: BrowserInfo | null;
  external?: boolean;
  /** The service's guard coverage, shown by the popup when the policy asks for confirm or block. */
  guardCoverage?: ServiceCoverage;
}

export function buildTabView(input: TabViewInput): TabView {
  const { policy, adminKeys, problems } = input.parsedPolicy;
  const base = {
    tabId: input.tabId,
    lockedKeys: adminKeys,
    e2eBreakingFeatures: policy.e2eBreakingFeatures,
    procedureUrl: policy.procedureUrl,
    applicationUrl: policy.applicationUrl,
    organizationName: policy.organizationName,
    external: input.external,
    approval: input.memory.approval ?? null,
  };
  const { snapshot } = input;
  if (!snapshot)
    return {
      ...base,
      snapshot: null,
      serviceName: null,
      meetingKey: null,
      classification: null,
      warnings: [],
      checklist: [],
      unreadable: [],
      neverShown: [],
      notReadYet: [],
    };

  const classification = resolveClassification(input.memory.classification, snapshot.title, policy);
  const common = {
    snapshot,
    classification: classification.value,
    policy,
    external: input.external,
    approval: input.memory.approval ?? null,
  };
  const warnings = computeWarnings(common);
  const checklist = evaluateChecklist({
    ...common,
    // Any admin policy at all (even one with problems) means the browser is organisation-managed.
    managed: adminKeys.length > 0 || problems.length > 0,
    browser: input.browser,
    confirmed: new Set(input.memory.confirmed ?? []),
  });
  const relevant: SignalName[] = [];
  if (classification.value >= 2) relevant.push('recording', 'transcription', 'translation', 'aiNotes', 'e2ee');
  if (snapshot.role !== 'participant') relevant.push('passcode', 'waitingRoom');
  const unreadable = relevant.filter((name) => snapshot.signals[name] === 'unknown');

  return {
    ...base,
    snapshot,
    serviceName: input.serviceName ?? snapshot.service,
    meetingKey: meetingKey(snapshot, input.url),
    classification,
    warnings,
    checklist,
    unreadable,
    ...(input.guardCoverage ? { guardCoverage: input.guardCoverage } : {}),
    neverShown: unreadable.filter((name) => input.serviceNeverShown?.[name] !== undefined),
    notReadYet: unreadable.filter((name) => input.serviceNeverShown?.[name] === undefined),
  };
}

/** Browser name and major version from the user agent (Edge and Chrome both say "Chrome/"). */
export function browserFromUserAgent(userAgent: string): BrowserInfo | null {
  const edge = /\bEdg\/(\d+)/.exec(userAgent);
  if (edge) return { name: 'edge', major: Number(edge[1]) };
  const firefox = /\bFirefox\/(\d+)/.exec(userAgent);
  if (firefox) return { name: 'firefox', major: Number(firefox[1]) };
  const chrome = /\b(?:Chrome|Chromium)\/(\d+)/.exec(userAgent);
  if (chrome) return { name: 'chrome', major: Number(chrome[1]) };
  return null;
}
