/**
 * Everything background remembers, in extension storage (the service worker keeps nothing only in
 * memory, style.md rule 6): per-tab snapshots and dismissals in storage.session (gone with the
 * browser session), per-meeting marks and the records in storage.local.
 */
import type { CheckId, WarningId } from '../src/ids';
import type { Classification, Policy } from '../src/policy/policy';
import { appendPruned, type RecordEntry } from '../src/records';
import type { Snapshot } from '../src/services/service';
import type { MeetingMemory } from '../src/view';
import { browser } from './browser';

export interface TabState {
  /** Snapshots by frame id: Zoom and Webex report from their meeting iframe too. */
  frames: Record<string, Snapshot>;
  url?: string;
  /** True once the page's content script reported, even that the page is no meeting. */
  reported?: boolean;
  /** What was last written to the record for this tab, so a record is added only on change. */
  recorded?: string;
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
const RECORDS = 'records';

export async function loadTab(tabId: number): Promise<TabState> {
  const stored = (await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as TabState | undefined;
  return stored ?? { frames: {} };
}

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
  return ((await browser.storage.local.get(meetingKeyOf(key)))[meetingKeyOf(key)] as MeetingMemory | undefined) ?? {};
}

export function updateMemory(key: string, change: (memory: MeetingMemory) => MeetingMemory): Promise<void> {
  return serialized(async () => {
    const next = change(await loadMemory(key));
    await browser.storage.local.set({ [meetingKeyOf(key)]: { ...next, updatedAt: Date.now() } });
  });
}

export const setClassification = (key: string, classification: Classification | null) =>
  updateMemory(key, ({ classification: _old, ...rest }) => (classification ? { ...rest, classification } : rest));

export const setConfirmed = (key: string, item: CheckId, confirmed: boolean) =>
  updateMemory(key, (memory) => {
    const items = new Set(memory.confirmed ?? []);
    if (confirmed) items.add(item);
    else items.delete(item);
    return { ...memory, confirmed: [...items] };
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

export async function loadRecords(): Promise<RecordEntry[]> {
  return ((await browser.storage.local.get(RECORDS))[RECORDS] as RecordEntry[] | undefined) ?? [];
}

/**
 * Adds a record, pruned by the policy's retention. With a `reportEndpoint` the record also joins the
 * outbox, which is sent there (and only there) and emptied once the endpoint accepts it.
 */
export function appendRecord(
  entry: Omit<RecordEntry, 'at'>,
  policy: Pick<Policy, 'logRetentionDays' | 'reportEndpoint'>,
): Promise<void> {
  const record: RecordEntry = { at: new Date().toISOString(), ...entry };
  return serialized(async () => {
    const records = appendPruned(await loadRecords(), record, policy.logRetentionDays);
    await browser.storage.local.set({ [RECORDS]: records });
    if (!policy.reportEndpoint) return;
    const outbox = [...(await loadOutbox()), record].slice(-MAX_OUTBOX);
    await browser.storage.local.set({ [OUTBOX]: outbox });
  }).then(() => (policy.reportEndpoint ? flushOutbox(policy.reportEndpoint) : undefined));
}

const OUTBOX = 'outbox';
/** While the endpoint is unreachable, the newest records wait; older ones stay in the local record. */
const MAX_OUTBOX = 1000;

async function loadOutbox(): Promise<RecordEntry[]> {
  return ((await browser.storage.local.get(OUTBOX))[OUTBOX] as RecordEntry[] | undefined) ?? [];
}

/** Sends what waits in the outbox to the admin's endpoint; keeps it when the endpoint does not accept it. */
export function flushOutbox(endpoint: string): Promise<void> {
  return serialized(async () => {
    const outbox = await loadOutbox();
    if (!outbox.length) return;
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'omit',
        body: JSON.stringify({
          extension: 'meeting-guard',
          version: browser.runtime.getManifest().version,
          records: outbox,
        }),
      });
      if (response.ok) await browser.storage.local.remove(OUTBOX);
    } catch {
      // Offline or refused: the outbox waits for the next record.
    }
  });
}
