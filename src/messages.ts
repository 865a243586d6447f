/**
 * The typed messages between content, background and popup/options, one union per direction
 * (style.md), each validated where it is received: nothing from a content script or a page is
 * trusted until it passes these checks.
 */

import type { Locale } from './i18n';
import { CHECK_IDS, type CheckId, WARNING_IDS, type WarningId } from './ids';
import { type EffectivePolicy, parseUserSettings, type UserSettings } from './policy/effective';
import type { Classification } from './policy/policy';
import type { RecordEntry } from './records';
import { type Evidence, type Phase, type Role, SIGNAL_NAMES, type Signal, type Snapshot } from './services/service';
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
    };

export const GUARD_TRIGGERS = ['pointer', 'keyboard', 'shortcut'] as const;
export type GuardTrigger = (typeof GUARD_TRIGGERS)[number];

export type PopupToBackground =
  | { type: 'get-tab-view'; tabId: number }
  | { type: 'peek-tab-view'; tabId: number }
  | { type: 'set-classification'; tabId: number; classification: Classification | null }
  | { type: 'confirm-item'; tabId: number; item: CheckId; confirmed: boolean }
  | { type: 'set-approval'; tabId: number; approval: string }
  | { type: 'get-options-view' }
  | { type: 'custom-services-changed' }
  | { type: 'set-user-settings'; settings: UserSettings };

export interface PopupTabResponse {
  view: TabView;
  locale: Locale;
  /** The tab is on a meeting service's site but its page has not reported (still loading, or not a meeting yet). */
  onServiceSite?: boolean;
}

export interface OptionsResponse {
  parsedPolicy: EffectivePolicy;
  records: RecordEntry[];
  locale: Locale;
}

export interface BannerWarning {
  id: WarningId;
  clause: CheckId;
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

const LIMITS = { id: 200, title: 300, name: 100, notetakers: 20, approval: 100, evidence: 12, match: 200 } as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const oneOf = <T extends string>(allowed: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value);

const isTabId = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Page text is bounded and stripped of control characters before it is kept or shown. */
function cleanText(value: unknown, max: number): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') return undefined;
  return value
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, max);
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
    if (!isObject(item) || typeof item.key !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(item.key)) return null;
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
    default:
      return null;
  }
}

export function validatePopupMessage(value: unknown): PopupToBackground | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'get-tab-view':
    case 'peek-tab-view':
      return isTabId(value.tabId) ? { type: value.type, tabId: value.tabId } : null;
    case 'set-classification':
      return isTabId(value.tabId) &&
        (value.classification === null || [1, 2, 3].includes(value.classification as number))
        ? {
            type: 'set-classification',
            tabId: value.tabId,
            classification: value.classification as Classification | null,
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
      return isObject(value.settings)
        ? { type: 'set-user-settings', settings: parseUserSettings(value.settings) }
        : null;
    case 'get-options-view':
    case 'custom-services-changed':
      return { type: value.type };
    default:
      return null;
  }
}

export function validateBackgroundMessage(value: unknown): BackgroundToContent | null {
  if (!isObject(value) || value.type !== 'warnings' || !Array.isArray(value.warnings)) return null;
  return value as unknown as BackgroundToContent;
}
