/**
 * Everything background remembers, in extension storage (the service worker keeps nothing only in
 * memory: the browser stops an idle worker): per-tab snapshots and dismissals in storage.session (gone with the
 * browser session), per-meeting marks, the installation id and the delivery state in storage.local (the
 * records themselves are in IndexedDB: background/record-log.ts).
 */
import type { CheckId, WarningId } from '../src/ids';
import type { Classification } from '../src/policy/policy';
import type { RecordEvent } from '../src/records';
import type { Snapshot } from '../src/services/service';
import { liveMemory, type MeetingMemory } from '../src/view';
import { browser } from './browser';
import type { StoredDeliveryState } from './delivery';

export interface TabState {
  /** Snapshots by frame id: Zoom and Webex report from their meeting iframe too. */
  frames: Record<string, Snapshot>;
  url?: string;
  /** True once the page's content script reported, even that the page is no meeting. */
  reported?: boolean;
  /** What was last written to the record for this tab, so a record is added only on change. */
  recorded?: string;
  /** This page visit (a new one per document, and when the page leaves its meeting): keys meetings without an id. */
  visit?: string;
  /** When the tab's current document started loading (ms): a page silent for long after is unreadable. */
  loadingAt?: number;
  /** Events recorded once per document (a silent page, an adapter that kept failing): not again. */
  recordedOnce?: RecordEvent[];
  /** Per frame, the document that reported (Chrome's documentId): a reloaded frame's old reading is dropped. */
  documents?: Record<string, string>;
  /**
   * Per frame, a token made each time its content script starts reading (it asks for its tables first): a new
   * document, or the same one after a navigation. Firefox names no documents; this changes with them anyway.
   */
  runnerStarts?: Record<string, string>;
  /** Per frame, the runner start that got the in-page UI (content/entries/ui.js): injected once per start. */
  uiInjected?: Record<string, string>;
}

/**
 * Read-modify-write of one storage value must not interleave with another (two messages arriving
 * together would lose one write): such updates run one after another.
 */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

const tabKey = (tabId: number) => `tab:${tabId}`;
const meetingKeyOf = (key: string) => `meeting:${key}`;
const dismissedKey = (key: string) => `dismissed:${key}`;

export async function loadTab(tabId: number): Promise<TabState> {
  const stored = (await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as TabState | undefined;
  return stored ?? { frames: {} };
}

/** A meeting without an id is remembered for the page visit only: in storage.session, under a key never reused. */
const memoryArea = (key: string) => (key.includes(':visit:') ? browser.storage.session : browser.storage.local);

export function updateTab(tabId: number, change: (state: TabState) => TabState): Promise<TabState> {
  return serialized(async () => {
    const next = change(await loadTab(tabId));
    await browser.storage.session.set({ [tabKey(tabId)]: next });
    return next;
  });
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}

export async function loadMemory(key: string | null): Promise<MeetingMemory> {
  if (!key) return {};
  return ((await memoryArea(key).get(meetingKeyOf(key)))[meetingKeyOf(key)] as MeetingMemory | undefined) ?? {};
}

export function updateMemory(key: string, change: (memory: MeetingMemory) => MeetingMemory): Promise<void> {
  return serialized(async () => {
    const next = change(await loadMemory(key));
    await memoryArea(key).set({ [meetingKeyOf(key)]: { ...next, updatedAt: Date.now() } });
  });
}

/** A mark lasts until the end of the day, or always for this meeting when the person chose so. */
export const setClassification = (key: string, classification: Classification | null, always = false) =>
  updateMemory(key, ({ classification: _old, classifiedAt: _at, classificationAlways: _always, ...rest }) =>
    classification ? { ...rest, classification, classifiedAt: Date.now(), classificationAlways: always } : rest,
  );

export const setConfirmed = (key: string, item: CheckId, confirmed: boolean) =>
  updateMemory(key, (memory) => {
    // Yesterday's confirmations are gone: today's start afresh (src/view.ts liveMemory).
    const live = liveMemory(memory, Date.now());
    const items = new Set(live.confirmed ?? []);
    if (confirmed) items.add(item);
    else items.delete(item);
    return { ...memory, confirmed: [...items], confirmedAt: Date.now() };
  });

export async function loadDismissed(key: string | null): Promise<WarningId[]> {
  if (!key) return [];
  return ((await browser.storage.session.get(dismissedKey(key)))[dismissedKey(key)] as WarningId[] | undefined) ?? [];
}

export function addDismissed(key: string, warning: WarningId): Promise<void> {
  return serialized(async () => {
    const current = await loadDismissed(key);
    if (!current.includes(warning)) await browser.storage.session.set({ [dismissedKey(key)]: [...current, warning] });
  });
}

const INSTALLATION = 'installation';
let installation: Promise<string> | undefined;

/** A random id made once for this browser profile's install and kept: it tells records of browsers apart. */
export function installationId(): Promise<string> {
  installation ??= serialized(async () => {
    const stored = (await browser.storage.local.get(INSTALLATION))[INSTALLATION];
    if (typeof stored === 'string' && stored) return stored;
    const made = crypto.randomUUID();
    await browser.storage.local.set({ [INSTALLATION]: made });
    return made;
  });
  return installation;
}

const DELIVERY = 'delivery';

export async function loadDeliveryState(): Promise<StoredDeliveryState> {
  const stored = (await browser.storage.local.get(DELIVERY))[DELIVERY] as StoredDeliveryState | undefined;
  return stored && typeof stored.failures === 'number' ? stored : { failures: 0 };
}

export async function saveDeliveryState(state: StoredDeliveryState): Promise<void> {
  await browser.storage.local.set({ [DELIVERY]: state });
}

const HELD = 'heldForPolicy';

/** Records made before the admin's policy was known: theirs to send, or to keep here, once it answers. */
export function holdForPolicy(id: string): Promise<void> {
  return serialized(async () => {
    const held = (await browser.storage.local.get(HELD))[HELD];
    await browser.storage.local.set({ [HELD]: [...(Array.isArray(held) ? held : []), id] });
  });
}

/** The held records' ids, forgotten here (the caller settles them). */
export function takeHeldForPolicy(): Promise<string[]> {
  return serialized(async () => {
    const held = (await browser.storage.local.get(HELD))[HELD];
    await browser.storage.local.remove(HELD);
    return Array.isArray(held) ? held.filter((id): id is string => typeof id === 'string') : [];
  });
}
