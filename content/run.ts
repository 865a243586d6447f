/**
 * What every content script does, whichever service it carries: reads the page on change, tells
 * background, and shows background's warnings in the banner (top frame only). Trusts nothing from the
 * page: only adapters' reads leave here, and only validated messages from our own background come in.
 *
 * Each built-in service has its own script (content/entries/<id>.ts: its adapter and this, nothing
 * else), so a meeting page carries one adapter. The custom services' script (registered at run time
 * for granted sites) can land in a frame a built-in script also serves; our content scripts share one
 * isolated world per frame, so the built-in one claims the frame and the custom one stands aside.
 */

import { guardShortcutsFor } from '../src/guard-shortcuts';
import type { WarningId } from '../src/ids';
import {
  type BackgroundToContent,
  type BackgroundToContentTables,
  type ContentToBackground,
  validateBackgroundMessage,
  validateTablesMessage,
} from '../src/messages';
import { DEFAULT_NOTETAKER_NAMES, type MeetingService, mergeTable, type SelectorTable } from '../src/services/service';
import { Banner } from './banner';
import { type MessageSender, runtime } from './browser';
import { Guard } from './guard';
import { observeMeeting } from './observe';

/** Which script serves the frame: a built-in service's outranks the custom services'. */
export const RANK = { custom: 1, builtIn: 2 } as const;
type Rank = (typeof RANK)[keyof typeof RANK];

interface Claim {
  rank: Rank;
  stop(): void;
}

/** Visible to our other content scripts in this frame only (the page has its own world). */
const scope = globalThis as { meetingGuardContent?: Claim };

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
  scope.meetingGuardContent = { rank, stop: () => instance.abort() };
  const isTopFrame = window === window.top;
  let banner: Banner | undefined;
  let guard: Guard | undefined;
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

  const showWarnings = (state: BackgroundToContent): void => {
    // Every frame guards its own controls (Zoom's record button is in its iframe); the banner is the top frame's.
    guard?.update(state);
    if (!isTopFrame) return;
    banner ??= new Banner((warning: WarningId) => send({ type: 'dismiss-warning', warning }));
    banner.update(state);
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
      tables = (await runtime.sendMessage({ type: 'get-overrides', service: service.id })) as Tables | undefined;
    } catch {
      // Background unreachable: read with the built-in table rather than not at all.
    }
    if (signal.aborted) return;
    const table = tableFor(service, tables);
    guard = new Guard(
      (warning, decision, trigger) => send({ type: 'guard-decision', warning, decision, trigger }),
      signal,
      { shortcuts: guardShortcutsFor(service.id) },
    );
    guard.setTable(table);
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
      guard?.setTable(next);
      reread(next);
    };
  };

  runtime.onMessage.addListener((message: unknown, sender: MessageSender) => {
    if (instance.signal.aborted || sender.id !== runtime.id) return undefined;
    const parsed = validateBackgroundMessage(message);
    if (parsed) showWarnings(parsed);
    else {
      const tables = validateTablesMessage(message);
      if (tables) retable?.(tables);
    }
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
  instance.signal.addEventListener('abort', () => banner?.remove());

  void start();
}
