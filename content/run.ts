/**
 * What every content script does, whichever service it carries: reads the page on change and tells
 * background. Trusts nothing from the page: only adapters' reads leave here, and only validated messages
 * from our own background come in. The banner and the guard are not here: background injects them
 * (content/entries/ui.ts) only into frames where there is something to show or guard, and they read the
 * service and its table from this runner through the frame's shared scope (content/frame-scope.ts).
 *
 * Each built-in service has its own script (content/entries/<id>.ts: its adapter and this, nothing
 * else), so a meeting page carries one adapter. The custom services' script (registered at run time
 * for granted sites) can land in a frame a built-in script also serves; our content scripts share one
 * isolated world per frame, so the built-in one claims the frame and the custom one stands aside.
 */

import { type BackgroundToContentTables, type ContentToBackground, validateTablesMessage } from '../src/messages';
import { DEFAULT_NOTETAKER_NAMES, type MeetingService, mergeTable, type SelectorTable } from '../src/services/service';
import { type MessageSender, runtime } from './browser';
import { frameScope as scope } from './frame-scope';
import { observeMeeting } from './observe';

/** Which script serves the frame: a built-in service's outranks the custom services'. */
export const RANK = { custom: 1, builtIn: 2 } as const;
type Rank = (typeof RANK)[keyof typeof RANK];

type Tables = Partial<Pick<BackgroundToContentTables, 'overrides' | 'notetakerNames'>>;

/** The service's table with the admin's repairs: at start-up, and again whenever background pushes new ones. */
function tableFor(service: MeetingService, tables: Tables | undefined): SelectorTable {
  const table = mergeTable({ ...service.table, notetakerNameText: DEFAULT_NOTETAKER_NAMES }, tables?.overrides);
  return tables?.notetakerNames?.length
    ? { ...table, notetakerNameText: [...DEFAULT_NOTETAKER_NAMES, ...tables.notetakerNames] }
    : table;
}

/**
 * Starts the content script. `pick` says which service reads the page at this address (undefined:
 * none, e.g. after a single-page app left the meeting); it is asked again on every navigation.
 */
export function runContent(
  rank: Rank,
  pick: (url: URL) => MeetingService | undefined | Promise<MeetingService | undefined>,
): void {
  const claimed = scope.meetingGuardContent;
  if (claimed && claimed.rank >= rank) return;
  claimed?.stop();

  const instance = new AbortController();
  /** What reads the frame now, for the in-page UI's guard. */
  let reading: { service: string; table: SelectorTable } | undefined;
  scope.meetingGuardContent = { rank, stop: () => instance.abort(), signal: instance.signal, reading: () => reading };
  let lifetime: AbortController | undefined;
  let startedFor = '';
  /** Takes background's pushed tables (a policy change) for the service reading this frame now. */
  let retable: ((tables: BackgroundToContentTables) => void) | undefined;

  const send = (message: ContentToBackground): void => {
    runtime.sendMessage(message).catch(() => {
      // The extension was updated or reloaded: this copy of the script is orphaned, so stop quietly.
      instance.abort();
    });
  };

  /** Where no service reads the page, still notice a single-page app moving on to a meeting. */
  const watchNavigation = (signal: AbortSignal): void => {
    const observer = new MutationObserver(() => {
      if (location.href !== startedFor) void start();
    });
    observer.observe(document, { childList: true, subtree: true });
    signal.addEventListener('abort', () => observer.disconnect());
  };

  const start = async (): Promise<void> => {
    lifetime?.abort();
    retable = undefined;
    reading = undefined;
    if (instance.signal.aborted) return;
    lifetime = new AbortController();
    const { signal } = lifetime;
    instance.signal.addEventListener('abort', () => lifetime?.abort(), { signal });
    startedFor = location.href;
    const service = await pick(new URL(location.href));
    if (signal.aborted) return;
    if (!service) {
      send({ type: 'snapshot', snapshot: null });
      watchNavigation(signal);
      return;
    }
    let tables: Tables | undefined;
    try {
      const reply: unknown = await runtime.sendMessage({ type: 'get-overrides', service: service.id });
      // Checked like a pushed table: a reply that is not exactly one leaves the built-in table in place.
      const checked = validateTablesMessage(
        typeof reply === 'object' && reply !== null ? { ...reply, type: 'tables', service: service.id } : null,
      );
      tables = checked ?? undefined;
    } catch {
      // Background unreachable: read with the built-in table rather than not at all.
    }
    if (signal.aborted) return;
    const table = tableFor(service, tables);
    reading = { service: service.id, table };
    const reread = observeMeeting(
      service,
      table,
      (snapshot) => send({ type: 'snapshot', snapshot }),
      () => void start(),
      signal,
      () => send({ type: 'adapter-error', service: service.id }),
    );
    retable = (pushed) => {
      if (pushed.service !== service.id) return;
      const next = tableFor(service, pushed);
      reading = { service: service.id, table: next };
      reread(next);
    };
  };

  runtime.onMessage.addListener((message: unknown, sender: MessageSender) => {
    if (instance.signal.aborted || sender.id !== runtime.id) return undefined;
    const tables = validateTablesMessage(message);
    if (tables) retable?.(tables);
    return undefined;
  });
  window.addEventListener('popstate', () => void start(), { signal: instance.signal });
  // This document's reading goes with it (a reloaded meeting iframe's 'off' must not stay): not awaited, and a
  // failure (a page entering the back/forward cache) is no sign of an orphaned script. Back from that cache,
  // read afresh.
  window.addEventListener('pagehide', () => void runtime.sendMessage({ type: 'frame-gone' }).catch(() => undefined), {
    signal: instance.signal,
  });
  window.addEventListener('pageshow', (event) => event.persisted && void start(), { signal: instance.signal });
  void start();
}
