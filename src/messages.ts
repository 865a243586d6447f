/**
 * The typed messages between content, background and popup/options, one union per direction
 * (one typed map per direction, so a handler cannot miss a case), each validated where it is received: nothing from a content script or a page is
 * trusted until it passes these checks.
 */

import {
  type DetectionReport,
  type PickerSuggestion,
  validateDetectionReport,
  validateSuggestion,
} from './detection-report';
import type { Locale } from './i18n';
import { CHECK_IDS, type CheckId, WARNING_IDS, type WarningId } from './ids';
import { cutText, PAGE_TEXT_LIMITS as LIMITS, SHARED_LIMITS, TABLE_KEY } from './limits';
import type { EffectivePolicy, UserSettings } from './policy/effective';
import type { Classification, CustomService, SelectorChange } from './policy/policy';
import type { RecordEntry } from './records';
import type { RulesStatus } from './rules-document';
import {
  type Evidence,
  type Phase,
  type Role,
  SIGNAL_NAMES,
  type Signal,
  type SignalName,
  type Snapshot,
} from './services/service';
import type { TabView } from './view';

export type ContentToBackground =
  | { type: 'snapshot'; snapshot: Snapshot | null }
  | { type: 'get-overrides'; service: string }
  | { type: 'get-custom-service'; url: string }
  | { type: 'dismiss-warning'; warning: WarningId }
  | {
      type: 'guard-decision';
      warning: WarningId;
      decision: 'proceeded' | 'cancelled' | 'blocked';
      /** How the person tried to start the feature (absent from older content scripts). */
      trigger?: GuardTrigger;
    }
  | FrameLifetimeMessage
  | PickerResultMessage;

/** The picker (content/entries/picker.ts) attaches its proposal to the tab's report; null: closed without one. */
export type PickerResultMessage = { type: 'picker-result'; suggestion: PickerSuggestion | null };

/**
 * A frame's lifetime (issue 8): its document is unloading (`pagehide`), or its adapter kept failing to
 * read the page. Which frame and document it is, background takes from the sender, never from the message.
 */
export type FrameLifetimeMessage = { type: 'frame-gone' } | { type: 'adapter-error'; service: string };

export const GUARD_TRIGGERS = ['pointer', 'keyboard', 'shortcut'] as const;
export type GuardTrigger = (typeof GUARD_TRIGGERS)[number];

/** What background answers each content message with. */
export interface ContentReplies {
  snapshot: undefined;
  'get-overrides': { overrides: Record<string, SelectorChange>; notetakerNames: string[] };
  'get-custom-service': CustomService | null;
  'dismiss-warning': undefined;
  'guard-decision': undefined;
  'frame-gone': undefined;
  'adapter-error': undefined;
  'picker-result': undefined;
}

/** Requests from our own pages (popup, options) to background. */
export type UiToBackground =
  | { type: 'get-tab-view'; tabId: number }
  | { type: 'peek-tab-view'; tabId: number }
  | { type: 'set-classification'; tabId: number; classification: Classification | null; always?: boolean }
  | { type: 'confirm-item'; tabId: number; item: CheckId; confirmed: boolean }
  | { type: 'set-approval'; tabId: number; approval: string }
  | { type: 'get-options-view' }
  | { type: 'get-records'; offset: number; limit: number }
  | { type: 'export-records' }
  | { type: 'custom-services-changed' }
  | { type: 'set-user-settings'; settings: UserSettings }
  | ReportRequest;

/** The repair loop's requests (issue 20): background/report-handlers.ts answers them. */
export type ReportRequest =
  | { type: 'capture-report'; tabId: number }
  | { type: 'send-report'; tabId: number; report: DetectionReport }
  | { type: 'start-picker'; tabId: number; signal: SignalName }
  | { type: 'get-rules' }
  | { type: 'refresh-rules' };

/** A report ready for the person to look through and cut, or why there is none. */
export type ReportDraft =
  | {
      ok: true;
      report: DetectionReport;
      /** The policy names a reportEndpoint (else the report is saved as a file). */
      endpoint: boolean;
      picker: boolean;
    }
  | { ok: false; reason: 'reports-off' | 'no-meeting' | 'capture-failed' };

export type ReportSent =
  | { ok: true; record: RecordEntry; delivery: 'endpoint' | 'file' }
  | { ok: false; reason: 'reports-off' | 'invalid' };
/** The earlier name of UiToBackground. */
export type PopupToBackground = UiToBackground;

export interface PopupTabResponse {
  view: TabView;
  locale: Locale;
  /** The tab is on a meeting service's site but its page has not reported (still loading, or not a meeting yet). */
  onServiceSite?: boolean;
  /** On a service's site, still nothing read a few seconds after the page loaded: say so (要確認), not "reading…". */
  unreadablePage?: boolean;
}

/** Delivery to the admin's endpoint, as the options page shows it. */
export interface DeliveryStatus {
  endpoint: string;
  waiting: number;
  lastSuccessAt?: string;
  lastError?: { at: string; status?: number; message: string };
  nextTryAt?: string;
}

export interface RecordsPage {
  records: { record: RecordEntry; delivery: 'pending' | 'sent' | 'local' | 'set-aside' }[];
  total: number;
  offset: number;
}

export interface OptionsResponse {
  parsedPolicy: EffectivePolicy;
  locale: Locale;
  installation: string;
  delivery: DeliveryStatus;
  records: RecordsPage;
}

/** What background answers each UI request with. */
export interface UiReplies {
  'get-tab-view': PopupTabResponse;
  'peek-tab-view': PopupTabResponse;
  'set-classification': PopupTabResponse;
  'confirm-item': PopupTabResponse;
  'set-approval': PopupTabResponse;
  'get-options-view': OptionsResponse;
  'get-records': RecordsPage;
  'export-records': { records: RecordEntry[] };
  'custom-services-changed': { ok: true };
  'set-user-settings': OptionsResponse;
  'capture-report': ReportDraft;
  'send-report': ReportSent;
  'start-picker': { ok: boolean };
  'get-rules': RulesStatus;
  'refresh-rules': RulesStatus;
}

/**
 * The admin's repairs for a running content script (a changed policy, or one that arrived late): the
 * selector overrides of the page's service and the notetaker names, applied at its next read.
 */
export type BackgroundToContentTables = {
  type: 'tables';
  service: string;
  overrides: Record<string, SelectorChange>;
  notetakerNames: string[];
};

const isTextList = (value: unknown, maxItems: number, maxLength: number): value is string[] =>
  Array.isArray(value) &&
  value.length <= maxItems &&
  value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= maxLength);

/**
 * Every field of the tables message, checked where the content script receives it: table keys, and for each
 * only `add` and `replace`, each a bounded list of text. Anything else refuses the whole message.
 */
export function validateTablesMessage(value: unknown): BackgroundToContentTables | null {
  if (!isObject(value) || value.type !== 'tables' || typeof value.service !== 'string') return null;
  const { overrides, notetakerNames } = value;
  if (
    !isObject(overrides) ||
    !isTextList(notetakerNames, SHARED_LIMITS.notetakerNames, SHARED_LIMITS.notetakerNameLength)
  )
    return null;
  const valid = Object.entries(overrides).every(
    ([key, change]) =>
      TABLE_KEY.test(key) &&
      isObject(change) &&
      Object.entries(change).every(
        ([side, list]) =>
          oneOf(['add', 'replace'], side) &&
          isTextList(list, SHARED_LIMITS.tableEntries, SHARED_LIMITS.tableEntryLength),
      ),
  );
  return valid
    ? { type: 'tables', service: value.service, overrides: overrides as Record<string, SelectorChange>, notetakerNames }
    : null;
}

/** Asks whether a frame's document is still there (content scripts ignore it; only "no receiver" matters). */
export type BackgroundProbe = { type: 'frame-check' };

/** Pushed by background to any open popup or options page (no reply). */
export type BackgroundToUi = { type: 'tab-view-changed'; tabId: number } | { type: 'records-changed' };

/** The longest page of records one request returns. */
export const MAX_RECORDS_PAGE = 500;

export interface BannerWarning {
  id: WarningId;
  clause: CheckId;
  /** The clause's words, in the UI language: staff see what the rule says, not only its id. */
  clauseText: string;
  title: string;
  advice: string;
}

export type BackgroundToContent = {
  type: 'warnings';
  locale: 'ja' | 'en';
  warnings: BannerWarning[];
  /** Warnings the person dismissed for this meeting: not shown until a new one appears. */
  dismissed: WarningId[];
  labels: { heading: string; dismiss: string; procedure: string; clause: string; minimize: string };
  procedureUrl: string;
  guard: { mode: 'warn' | 'confirm' | 'block'; sensitive: boolean };
  /** The guard dialog's words, in the UI language (content scripts carry no string tables). */
  guardLabels: {
    confirmTitle: string;
    blockTitle: string;
    confirmBody: string;
    blockBody: string;
    proceed: string;
    cancel: string;
    close: string;
    clause: string;
    clauseText: string;
  };
  featureNames: Partial<Record<WarningId, string>>;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const oneOf = <T extends string>(allowed: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value);

const isTabId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Page text is bounded, well-formed and stripped of control characters before it is kept or shown. */
function cleanText(value: unknown, max: number): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') return undefined;
  return cutText(value.replace(/\p{Cc}/gu, ' ').trim(), max);
}

export function validateSnapshot(value: unknown): Snapshot | null {
  if (!isObject(value) || !isObject(value.signals)) return null;
  const service = cleanText(value.service, 32);
  const meetingId = cleanText(value.meetingId, LIMITS.id);
  const title = cleanText(value.title, LIMITS.title);
  if (!service || !/^[a-z][a-z0-9-]*$/.test(service) || meetingId === undefined || title === undefined) return null;
  if (!oneOf<Phase>(['schedule', 'prejoin', 'meeting'], value.phase)) return null;
  if (!oneOf<Role>(['host', 'participant', 'unknown'], value.role)) return null;
  const signals = {} as Snapshot['signals'];
  for (const name of SIGNAL_NAMES) {
    const signal = value.signals[name];
    if (!oneOf<Signal>(['on', 'off', 'unknown'], signal)) return null;
    signals[name] = signal;
  }
  const snapshot: Snapshot = { service, meetingId, title, phase: value.phase, role: value.role, signals };
  if (value.notetakers !== undefined) {
    if (!Array.isArray(value.notetakers)) return null;
    snapshot.notetakers = value.notetakers
      .slice(0, LIMITS.notetakers)
      .map((name) => cleanText(name, LIMITS.name))
      .filter((name): name is string => Boolean(name));
  }
  if (value.evidence !== undefined) {
    const evidence = validateEvidence(value.evidence);
    if (!evidence) return null;
    if (Object.keys(evidence).length) snapshot.evidence = evidence;
  }
  return snapshot;
}

/** Evidence is table keys and the alternatives that matched: bounded, plain text, signals we know. */
function validateEvidence(value: unknown): Snapshot['evidence'] | null {
  if (!isObject(value)) return null;
  const evidence: NonNullable<Snapshot['evidence']> = {};
  for (const [name, sides] of Object.entries(value)) {
    if (!oneOf(SIGNAL_NAMES, name) || !isObject(sides)) return null;
    const on = evidenceList(sides.on);
    const off = evidenceList(sides.off);
    if (!on || !off) return null;
    evidence[name] = { on, off };
  }
  return evidence;
}

function evidenceList(value: unknown): Evidence[] | null {
  if (!Array.isArray(value)) return null;
  const list: Evidence[] = [];
  for (const item of value.slice(0, LIMITS.evidence)) {
    if (!isObject(item) || typeof item.key !== 'string' || !TABLE_KEY.test(item.key)) return null;
    const match = cleanText(item.match, LIMITS.match);
    if (!match) return null;
    list.push({ key: item.key, match });
  }
  return list;
}

export function validateContentMessage(value: unknown): ContentToBackground | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'snapshot': {
      if (value.snapshot === null) return { type: 'snapshot', snapshot: null };
      const snapshot = validateSnapshot(value.snapshot);
      return snapshot ? { type: 'snapshot', snapshot } : null;
    }
    case 'get-overrides': {
      const service = cleanText(value.service, 32);
      return service ? { type: 'get-overrides', service } : null;
    }
    case 'get-custom-service': {
      const url = cleanText(value.url, 2000);
      return url ? { type: 'get-custom-service', url } : null;
    }
    case 'dismiss-warning':
      return oneOf(WARNING_IDS, value.warning) ? { type: 'dismiss-warning', warning: value.warning } : null;
    case 'guard-decision':
      if (value.trigger !== undefined && !oneOf(GUARD_TRIGGERS, value.trigger)) return null;
      return oneOf(WARNING_IDS, value.warning) && oneOf(['proceeded', 'cancelled', 'blocked'] as const, value.decision)
        ? {
            type: 'guard-decision',
            warning: value.warning,
            decision: value.decision,
            ...(value.trigger ? { trigger: value.trigger } : {}),
          }
        : null;
    case 'frame-gone':
      return { type: 'frame-gone' };
    case 'adapter-error': {
      const service = cleanText(value.service, 32);
      return service && /^[a-z][a-z0-9-]*$/.test(service) ? { type: 'adapter-error', service } : null;
    }
    case 'picker-result': {
      if (value.suggestion === null) return { type: 'picker-result', suggestion: null };
      const suggestion = validateSuggestion(value.suggestion);
      return suggestion ? { type: 'picker-result', suggestion } : null;
    }
    default:
      return null;
  }
}

export function validateUiMessage(value: unknown): UiToBackground | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'get-tab-view':
    case 'peek-tab-view':
      return isTabId(value.tabId) ? { type: value.type, tabId: value.tabId } : null;
    case 'set-classification':
      return isTabId(value.tabId) &&
        (value.classification === null || [1, 2, 3].includes(value.classification as number)) &&
        (value.always === undefined || typeof value.always === 'boolean')
        ? {
            type: 'set-classification',
            tabId: value.tabId,
            classification: value.classification as Classification | null,
            ...(value.always ? { always: true } : {}),
          }
        : null;
    case 'confirm-item':
      return isTabId(value.tabId) && oneOf(CHECK_IDS, value.item) && typeof value.confirmed === 'boolean'
        ? { type: 'confirm-item', tabId: value.tabId, item: value.item, confirmed: value.confirmed }
        : null;
    case 'set-approval': {
      const approval = cleanText(value.approval, LIMITS.approval);
      return isTabId(value.tabId) && typeof approval === 'string'
        ? { type: 'set-approval', tabId: value.tabId, approval }
        : null;
    }
    case 'set-user-settings':
      // Read value by value where it is kept (background/policy-source.ts saveUserSettings → parseUserSettings):
      // parsing here would pull the whole policy parser, Public Suffix List included, into the popup.
      return isObject(value.settings) ? { type: 'set-user-settings', settings: value.settings as UserSettings } : null;
    case 'get-records':
      return Number.isInteger(value.offset) &&
        (value.offset as number) >= 0 &&
        Number.isInteger(value.limit) &&
        (value.limit as number) > 0 &&
        (value.limit as number) <= MAX_RECORDS_PAGE
        ? { type: 'get-records', offset: value.offset as number, limit: value.limit as number }
        : null;
    case 'get-options-view':
    case 'export-records':
    case 'custom-services-changed':
    case 'get-rules':
    case 'refresh-rules':
      return { type: value.type };
    case 'capture-report':
      return isTabId(value.tabId) ? { type: value.type, tabId: value.tabId } : null;
    case 'start-picker':
      return isTabId(value.tabId) && oneOf(SIGNAL_NAMES, value.signal)
        ? { type: value.type, tabId: value.tabId, signal: value.signal }
        : null;
    case 'send-report': {
      const report = validateDetectionReport(value.report);
      return isTabId(value.tabId) && report ? { type: value.type, tabId: value.tabId, report } : null;
    }
    default:
      return null;
  }
}

/** The earlier name of validateUiMessage. */
export const validatePopupMessage = validateUiMessage;

export function validateBackgroundToUi(value: unknown): BackgroundToUi | null {
  if (!isObject(value)) return null;
  if (value.type === 'tab-view-changed') return isTabId(value.tabId) ? { type: value.type, tabId: value.tabId } : null;
  if (value.type === 'records-changed') return { type: value.type };
  return null;
}

const isText = (value: unknown, max = 2000): value is string => typeof value === 'string' && value.length <= max;

function isTextRecord<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, string> {
  return isObject(value) && keys.every((key) => isText(value[key]));
}

const BANNER_LABELS = ['heading', 'dismiss', 'procedure', 'clause', 'minimize'] as const;
const GUARD_LABELS = [
  'confirmTitle',
  'blockTitle',
  'confirmBody',
  'blockBody',
  'proceed',
  'cancel',
  'close',
  'clause',
  'clauseText',
] as const;

/** Every field of the banner message, checked where the content script receives it. */
export function validateBackgroundMessage(value: unknown): BackgroundToContent | null {
  if (!isObject(value) || value.type !== 'warnings') return null;
  if (!oneOf(['ja', 'en'] as const, value.locale)) return null;
  if (!Array.isArray(value.warnings) || !Array.isArray(value.dismissed)) return null;
  const warnings: BannerWarning[] = [];
  for (const warning of value.warnings) {
    if (!isObject(warning) || !oneOf(WARNING_IDS, warning.id) || !oneOf(CHECK_IDS, warning.clause)) return null;
    if (!isText(warning.title) || !isText(warning.advice) || !isText(warning.clauseText)) return null;
    const { id, clause, clauseText, title, advice } = warning;
    warnings.push({ id, clause, clauseText, title, advice });
  }
  if (!value.dismissed.every((id) => oneOf(WARNING_IDS, id))) return null;
  if (!isTextRecord(value.labels, BANNER_LABELS) || !isTextRecord(value.guardLabels, GUARD_LABELS)) return null;
  if (!isText(value.procedureUrl)) return null;
  const guard = value.guard;
  if (
    !isObject(guard) ||
    !oneOf(['warn', 'confirm', 'block'] as const, guard.mode) ||
    typeof guard.sensitive !== 'boolean'
  )
    return null;
  if (!isObject(value.featureNames)) return null;
  const featureNames: Partial<Record<WarningId, string>> = {};
  for (const [id, name] of Object.entries(value.featureNames)) {
    if (!oneOf(WARNING_IDS, id) || !isText(name)) return null;
    featureNames[id] = name;
  }
  const pick = <K extends string>(source: Record<K, string>, keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, source[key]])) as Record<K, string>;
  return {
    type: 'warnings',
    locale: value.locale,
    warnings,
    dismissed: value.dismissed as WarningId[],
    labels: pick(value.labels, BANNER_LABELS),
    procedureUrl: value.procedureUrl,
    guard: { mode: guard.mode, sensitive: guard.sensitive },
    guardLabels: pick(value.guardLabels, GUARD_LABELS),
    featureNames,
  };
}
