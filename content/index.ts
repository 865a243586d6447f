/**
 * Content script: picks the meeting service by URL, reads the page on change, tells background,
 * and shows background's warnings in the banner (top frame only). Trusts nothing from the page:
 * only adapters' reads leave here, and only validated messages from our own background come in.
 */
import { browser, type Runtime } from '../background/browser';
import { guardShortcutsFor } from '../src/guard-shortcuts';
import type { WarningId } from '../src/ids';
import { type BackgroundToContent, type ContentToBackground, validateBackgroundMessage } from '../src/messages';
import type { CustomService } from '../src/policy/policy';
import { serviceForUrl } from '../src/services';
import { customService } from '../src/services/custom';
import { DEFAULT_NOTETAKER_NAMES, type MeetingService, mergeTable, type SelectorTable } from '../src/services/service';
import { Banner } from './banner';
import { Guard } from './guard';
import { observeMeeting } from './observe';

const isTopFrame = window === window.top;
let banner: Banner | undefined;
let guard: Guard | undefined;
let lifetime: AbortController | undefined;
let startedFor = '';

function send(message: ContentToBackground): void {
  browser.runtime.sendMessage(message).catch(() => {
    // The extension was updated or reloaded: this copy of the script is orphaned, so stop quietly.
    lifetime?.abort();
  });
}

function showWarnings(state: BackgroundToContent): void {
  // Every frame guards its own controls (Zoom's record button is in its iframe); the banner is the top frame's.
  guard?.update(state);
  if (!isTopFrame) return;
  banner ??= new Banner((warning: WarningId) => send({ type: 'dismiss-warning', warning }));
  banner.update(state);
}

/** An admin-defined service for this page, if the admin's policy has one and its site was granted. */
async function customServiceFor(url: URL): Promise<MeetingService | undefined> {
  try {
    const definition = await browser.runtime.sendMessage({ type: 'get-custom-service', url: url.href });
    return definition ? customService(definition as CustomService) : undefined;
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  lifetime?.abort();
  lifetime = new AbortController();
  const { signal } = lifetime;
  startedFor = location.href;
  const url = new URL(location.href);
  const service = serviceForUrl(url) ?? (await customServiceFor(url));
  if (signal.aborted) return;
  if (!service) {
    send({ type: 'snapshot', snapshot: null });
    watchNavigation(signal);
    return;
  }
  let table: SelectorTable = { ...service.table, notetakerNameText: DEFAULT_NOTETAKER_NAMES };
  try {
    const config = (await browser.runtime.sendMessage({ type: 'get-overrides', service: service.id })) as
      | { overrides?: Parameters<typeof mergeTable>[1]; notetakerNames?: string[] }
      | undefined;
    table = mergeTable(table, config?.overrides);
    if (config?.notetakerNames?.length)
      table = { ...table, notetakerNameText: [...DEFAULT_NOTETAKER_NAMES, ...config.notetakerNames] };
  } catch {
    // Background unreachable: read with the built-in table rather than not at all.
  }
  if (signal.aborted) return;
  guard = new Guard(
    (warning, decision, trigger) => send({ type: 'guard-decision', warning, decision, trigger }),
    signal,
    {
      shortcuts: guardShortcutsFor(service.id),
    },
  );
  guard.setTable(table);
  observeMeeting(
    service,
    table,
    (snapshot) => send({ type: 'snapshot', snapshot }),
    () => void start(),
    signal,
  );
}

/** Where no service reads the page, still notice a single-page app moving on to a meeting. */
function watchNavigation(signal: AbortSignal): void {
  const observer = new MutationObserver(() => {
    if (location.href !== startedFor) void start();
  });
  observer.observe(document, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect());
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return;
  const parsed = validateBackgroundMessage(message);
  if (parsed) showWarnings(parsed);
});

window.addEventListener('popstate', () => void start());

void start();
