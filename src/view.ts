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
import { computeWarnings, E2E_BREAKING_RULES } from './rules';
import {
  anyOn,
  type Phase,
  type Role,
  SIGNAL_NAMES,
  type SignalName,
  type Snapshot,
  unknownSignals,
} from './services/service';

/** What is remembered per meeting (storage.local; a meeting without an id, storage.session for that visit). */
export interface MeetingMemory {
  classification?: Classification;
  /** When the class was marked (ms). The mark lasts until the end of that day unless `classificationAlways`. */
  classifiedAt?: number;
  /** The person chose "always for this meeting" (recorded). */
  classificationAlways?: boolean;
  confirmed?: CheckId[];
  /** When the confirmations were made (ms): they last until the end of that day, like a mark. */
  confirmedAt?: number;
  approval?: string;
  updatedAt?: number;
}

/** Same calendar day in the browser's time zone: a remembered mark or confirmation lasts that long. */
export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** What of a meeting's memory still holds at `now`: expired marks and confirmations are left out. */
export function liveMemory(memory: MeetingMemory, now: number): MeetingMemory {
  const live: MeetingMemory = { ...memory };
  const markedAt = memory.classifiedAt ?? memory.updatedAt;
  // Stored memory always has a time (background/store.ts); one without is taken as made now.
  if (memory.classification && !memory.classificationAlways && markedAt && !sameDay(markedAt, now)) {
    delete live.classification;
    delete live.classifiedAt;
  }
  const confirmedAt = memory.confirmedAt ?? memory.updatedAt;
  if (memory.confirmed?.length && confirmedAt && !sameDay(confirmedAt, now)) delete live.confirmed;
  return live;
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

const BREAKING_SIGNALS = new Set<SignalName>(E2E_BREAKING_RULES.map((rule) => rule.signal));

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
      const [mine, theirs] = [merged.signals[name], other.signals[name]];
      // E2E-breaking features: any frame's "on" wins. Safeguards (passcode, waiting room, E2EE): frames that saw
      // opposite states are a conflict, never resolved as safe.
      merged.signals[name] =
        BREAKING_SIGNALS.has(name) || mine === 'unknown' || theirs === 'unknown' || mine === theirs
          ? anyOn(mine, theirs)
          : 'unknown';
      const seen = other.evidence?.[name];
      if (!seen) continue;
      const into = merged.evidence?.[name];
      merged.evidence = {
        ...merged.evidence,
        [name]: { on: [...(into?.on ?? []), ...seen.on], off: [...(into?.off ?? []), ...seen.off] },
      };
    }
    if (other.notetakers?.length) merged.notetakers = [...new Set([...(merged.notetakers ?? []), ...other.notetakers])];
    // One frame that cannot be read (Zoom's meeting iframe) leaves the tab's page unread.
    if (other.unreadable) merged.unreadable = true;
  }
  return merged;
}

/**
 * The reading of a page that could not be read: a service's page silent after loading, or a frame whose
 * adapter kept failing. What was known of the meeting (`known`, the frame's last reading) stays; every
 * signal is unknown, and without a last reading it is taken for a meeting, so nothing on it passes as safe.
 */
export function unreadableReading(service: string, known?: Snapshot | null): Snapshot {
  return {
    service,
    meetingId: known?.meetingId ?? null,
    title: known?.title ?? null,
    phase: known?.phase ?? 'meeting',
    role: known?.role ?? 'unknown',
    signals: unknownSignals(),
    unreadable: true,
  };
}

/**
 * Where a meeting's marks are remembered: service + meeting id where the page shows one. Without an
 * id (a Teams call joined in the app), the page visit: marks then last for that visit only, so one
 * call's answers never carry into the next call at the same address.
 */
export function meetingKey(snapshot: Snapshot, url: string | undefined, visit?: string): string {
  if (snapshot.meetingId) return `${snapshot.service}:${snapshot.meetingId}`;
  if (visit) return `${snapshot.service}:visit:${visit}`;
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
  /** The page visit (background/store.ts TabState.visit): the key of a meeting without an id. */
  visit?: string;
  /** Now (ms), for the expiry of remembered marks; defaults to the clock. */
  now?: number;
  parsedPolicy: ParsedPolicy;
  browser: BrowserInfo | null;
  external?: boolean;
  /** The service's guard coverage, shown by the popup when the policy asks for confirm or block. */
  guardCoverage?: ServiceCoverage;
}

export function buildTabView(raw: TabViewInput): TabView {
  const input = { ...raw, memory: liveMemory(raw.memory, raw.now ?? Date.now()) };
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

  const resolved = resolveClassification(input.memory.classification, snapshot.title, policy);
  // Where the class came from and since when (a mark's time), for the popup to say.
  const classification: ResolvedClassification =
    resolved.source === 'user'
      ? {
          ...resolved,
          since: input.memory.classifiedAt ? new Date(input.memory.classifiedAt).toISOString() : undefined,
          always: input.memory.classificationAlways ?? false,
        }
      : resolved;
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
    policyPending: input.parsedPolicy.pending === true,
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
    meetingKey: meetingKey(snapshot, input.url, input.visit),
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
