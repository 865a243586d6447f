/**
 * The one small interface every meeting service implements, its data types, and the table helpers
 * (overrides, match patterns, notetaker names). Reading helpers and the evidence model are in ./read.ts.
 * Pure: no extension APIs, no timers, no DOM writes.
 */
import { cutText, PAGE_TEXT_LIMITS } from '../limits';
import { normalizeText, queryAll } from './read';

/** Built-in ids (the registry, src/services/index.ts) plus admin-defined custom ids (policy `customServices`). */
export type ServiceId = string;

export type Signal = 'on' | 'off' | 'unknown';
export const SIGNAL_NAMES = [
  'recording',
  'transcription',
  'translation',
  'aiNotes',
  'passcode',
  'waitingRoom',
  'e2ee',
  'passcodeInLink',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
export type Signals = Record<SignalName, Signal>;

export type Phase = 'schedule' | 'prejoin' | 'meeting';
export type Role = 'host' | 'participant' | 'unknown';

/** One piece of evidence: the table key that answered and the alternative that matched (or a fact's detail). */
export interface Evidence {
  key: string;
  match: string;
}

/** What a signal rests on: the evidence seen for 'on' and for 'off' (both non-empty is a conflict). */
export interface SignalEvidence {
  on: Evidence[];
  off: Evidence[];
}

export interface Snapshot {
  service: ServiceId;
  meetingId: string | null;
  title: string | null;
  phase: Phase;
  role: Role;
  signals: Signals;
  /** Names of AI notetakers seen in a visible participant list (issue 3); empty when none or not visible. */
  notetakers?: string[];
  /** Per signal, the evidence it rests on (src/services/read.ts); absent for a signal nothing was seen for. */
  evidence?: Partial<Record<SignalName, SignalEvidence>>;
  /**
   * Set by background only (src/view.ts unreadableReading), never taken from a content script: the page
   * could not be read (silent after loading, or its adapter kept failing), so every signal is unknown.
   */
  unreadable?: true;
}

/**
 * An adapter's knowledge of a page, as data (INTERNALS.md "Selectors are data"): each key holds
 * alternatives in priority order. Keys ending in `Text` (visible text) or `Label` (aria-label or
 * title) are case-insensitive substrings; every other key is a CSS selector list. Policy
 * `selectorOverrides` can add or replace keys.
 */
export type SelectorTable = Record<string, readonly string[]>;

/** Whether a table key holds text (`…Text`, `…Label`) rather than CSS selectors. */
export function isTextKey(key: string): boolean {
  return key.endsWith('Text') || key.endsWith('Label');
}

export interface MeetingService {
  /** Equals the file name: src/services/meet.ts → 'meet'. */
  readonly id: ServiceId;
  /** Human name shown in the popup. */
  readonly name: string;
  /** Match patterns; the structure test checks they are exactly the manifest's. */
  readonly matches: readonly string[];
  /** Frames: true when the meeting UI lives in a same-origin iframe (Zoom, Webex). */
  readonly allFrames?: boolean;
  /** The default selector/string table; `read` receives it merged with policy overrides. */
  readonly table: SelectorTable;
  /**
   * Signals this service's browser page never shows: a vendor fact, each with the id of its public source in
   * docs/sources.md (e.g. Meet has no meeting passcode). The popup says 「このサービスはブラウザーでは表示しません」.
   */
  readonly neverShown?: Readonly<Partial<Record<SignalName, string>>>;
  /**
   * Signals the service does show but this adapter cannot read yet, in any state (our gap, not the vendor's):
   * the popup says 「この画面からはまだ読み取れません（要確認）」 and an admin can teach them by policy.
   */
  readonly notReadYet?: readonly SignalName[];
  /**
   * The table keys holding "on" evidence for each E2E-breaking signal. Policy overrides that would leave one of
   * these signals without any "on" evidence are reported (src/policy/overrides.ts).
   */
  readonly onEvidenceKeys?: Readonly<Partial<Record<SignalName, readonly string[]>>>;
  /**
   * Pure: reads the document, writes nothing, never throws. Returns null when the page is not a
   * meeting page of this service (a home page, a sign-in page).
   */
  read(doc: Document, url: URL, table: SelectorTable): Snapshot | null;
}

export function unknownSignals(): Signals {
  return {
    recording: 'unknown',
    transcription: 'unknown',
    translation: 'unknown',
    aiNotes: 'unknown',
    passcode: 'unknown',
    waitingRoom: 'unknown',
    e2ee: 'unknown',
    passcodeInLink: 'unknown',
  };
}

/** Combines independent readings of one signal: any 'on' wins; 'off' only if some reading saw it and none said 'on'. */
export function anyOn(...readings: Signal[]): Signal {
  if (readings.includes('on')) return 'on';
  if (readings.includes('off')) return 'off';
  return 'unknown';
}

/** Merges policy overrides into an adapter's table: `add` entries go first, `replace` swaps the list. */
export function mergeTable(
  base: SelectorTable,
  overrides: Record<string, { add?: readonly string[]; replace?: readonly string[] }> | undefined,
): SelectorTable {
  if (!overrides) return base;
  const merged: Record<string, readonly string[]> = { ...base };
  for (const [key, change] of Object.entries(overrides)) {
    if (change.replace) merged[key] = [...change.replace];
    if (change.add) merged[key] = [...change.add, ...(merged[key] ?? [])];
  }
  return merged;
}

/** Matches a URL against a WebExtension match pattern (scheme://host/path with `*`). */
export function matchesPattern(pattern: string, url: URL): boolean {
  const parsed = /^(\*|https?):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!parsed) return false;
  const [, scheme, host, path] = parsed as unknown as [string, string, string, string];
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2);
      if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
    } else if (url.hostname !== host) return false;
  }
  const pathRegex = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathRegex.test(url.pathname + url.search);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Known AI notetakers, matched case-insensitively as substrings of a participant's display name
 * (the vendors' product names; docs/sources.md `notetaker-names`). The admin's policy can extend the list.
 */
export const DEFAULT_NOTETAKER_NAMES = [
  'notetaker',
  'note taker',
  'otter.ai',
  'otter',
  'fireflies',
  'fred from fireflies',
  'read.ai',
  'fathom',
  'tl;dv',
  'tldv',
  'fellow',
  'avoma',
  'sembly',
  'meetgeek',
  'jamie',
  'krisp',
  'bluedot',
  'supernormal',
  'tactiq',
  'notta',
] as const;

/** Display names in a visible participant list that look like AI notetakers (deduplicated, as shown). */
export function notetakersIn(
  root: ParentNode,
  nameSelectors: readonly string[] | undefined,
  names?: readonly string[],
): string[] {
  // Tables carry the list as `notetakerNameText` (the content script adds the policy's names to it).
  const wanted = (names?.length ? names : DEFAULT_NOTETAKER_NAMES).map(normalizeText).filter(Boolean);
  if (!wanted.length) return [];
  // One pattern for all names, built once per read: a roster of 2,000 people must stay cheap to scan.
  // Whole words only, so "Fellows, Anna" or "Otterburn" are not taken for a bot.
  const pattern = new RegExp(
    `(?:^|[^\\p{L}\\p{N}])(?:${wanted.map(escapeRegExp).join('|')})(?:$|[^\\p{L}\\p{N}])`,
    'u',
  );
  const found = new Set<string>();
  for (const element of queryAll(root, nameSelectors)) {
    const shown = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (shown && pattern.test(normalizeText(shown))) found.add(cutText(shown, PAGE_TEXT_LIMITS.name));
  }
  return [...found];
}
