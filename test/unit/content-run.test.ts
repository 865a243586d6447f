/**
 * The shared content-script runner: one script serves a frame (a built-in service's outranks the custom
 * services' script, which can be registered for the same site), it reports "no meeting" where its
 * service does not match, and it uses the browser's own runtime (no polyfill) for every message.
 * And the in-page UI background injects beside it (content/entries/ui.ts): once per document, serving
 * whichever runner holds the frame, gone with it.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundToContent } from '../../src/messages';
import type { MeetingService } from '../../src/services/service';
import { makeBannerMessage, makeSnapshot } from './support';

type Listener = (message: unknown, sender: { id?: string }) => undefined;
const listeners: Listener[] = [];
const sent: { type: string }[] = [];
const runtime = {
  id: 'meeting-guard-test',
  sendMessage: vi.fn(async (message: { type: string }): Promise<unknown> => {
    sent.push(message);
    return message.type === 'get-overrides' ? {} : undefined;
  }),
  onMessage: { addListener: (listener: Listener) => listeners.push(listener) },
  getManifest: () => ({}),
};

let run: typeof import('../../content/run');

beforeAll(async () => {
  // content/browser.ts takes the browser's own API when it loads, as in a real content script.
  (globalThis as { chrome?: unknown }).chrome = { runtime };
  run = await import('../../content/run');
});

const scope = globalThis as { meetingGuardContent?: { stop(): void }; meetingGuardUi?: AbortController };

/** As background's scripting.executeScript does: the UI script runs afresh in the frame's world. */
async function injectUi(): Promise<void> {
  vi.resetModules();
  await import('../../content/entries/ui');
}

beforeEach(() => {
  sent.length = 0;
  listeners.length = 0;
  // The previous test's scripts stop, as they do when the extension goes away.
  scope.meetingGuardContent?.stop();
  delete scope.meetingGuardContent;
  scope.meetingGuardUi?.abort();
  delete scope.meetingGuardUi;
  for (const host of document.documentElement.querySelectorAll('meeting-guard-banner')) host.remove();
  history.replaceState({}, '', '/abc-defg-hij');
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function service(): MeetingService {
  return { id: 'meet', name: 'Meet', matches: [], table: {}, read: vi.fn(() => makeSnapshot({})) };
}

const warnings: BackgroundToContent = makeBannerMessage({
  locale: 'en',
  warnings: [
    {
      id: 'recording',
      clause: '21-no-e2e-breaking',
      clauseText: 'Avoid recording',
      title: 'Recording',
      advice: 'Stop it',
    },
  ],
  labels: { heading: 'Warning', dismiss: 'Dismiss', procedure: 'Procedure', clause: 'Clause', minimize: 'Hide' },
});

const deliver = (message: unknown, id = runtime.id) => {
  for (const listener of listeners) listener(message, { id });
};

describe('runContent', () => {
  it('reads with its service and sends the snapshot through the native runtime', async () => {
    const meet = service();
    run.runContent(run.RANK.builtIn, () => meet);
    await settle();
    expect(sent.map((message) => message.type)).toEqual(['get-overrides', 'snapshot']);
    expect(meet.read).toHaveBeenCalledTimes(1);
  });

  it("reads with the policy's table when background's reply is well formed, with the built-in one when it is not", async () => {
    const replies: unknown[] = [
      { overrides: { recordingOnText: { add: ['録画しています'] } }, notetakerNames: ['Otter'] },
      { overrides: { recordingOnText: { add: [42] } }, notetakerNames: [] },
      { overrides: { recordingOnText: { add: ['x'] } } },
      'everything',
    ];
    const tablesRead: unknown[] = [];
    for (const reply of replies) {
      runtime.sendMessage.mockImplementationOnce(async (message: { type: string }) => {
        sent.push(message);
        return reply;
      });
      const meet = { ...service(), table: { recordingOnText: ['is being recorded'] } };
      meet.read = vi.fn((_doc, _url, table) => {
        tablesRead.push(table);
        return makeSnapshot({});
      });
      scope.meetingGuardContent?.stop();
      delete scope.meetingGuardContent;
      run.runContent(run.RANK.builtIn, () => meet);
      await settle();
    }
    expect(tablesRead).toHaveLength(4);
    expect((tablesRead[0] as { recordingOnText: string[] }).recordingOnText).toEqual([
      '録画しています',
      'is being recorded',
    ]);
    for (const table of tablesRead.slice(1)) {
      expect((table as { recordingOnText: string[] }).recordingOnText).toEqual(['is being recorded']);
    }
  });

  it('reports "no meeting" where its service does not read this address', async () => {
    run.runContent(run.RANK.builtIn, () => undefined);
    await settle();
    expect(sent).toEqual([{ type: 'snapshot', snapshot: null }]);
  });

  it('leaves a frame a built-in script serves to it: the custom services script stands aside', async () => {
    const custom = vi.fn(() => service());
    run.runContent(run.RANK.builtIn, () => service());
    run.runContent(run.RANK.custom, custom);
    await settle();
    expect(custom).not.toHaveBeenCalled();
    expect(listeners).toHaveLength(1);
  });

  it('stops the custom services script when a built-in one arrives later in the same frame', async () => {
    const custom = service();
    run.runContent(run.RANK.custom, () => custom);
    await settle();
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    sent.length = 0;
    deliver({ type: 'tables', service: 'meet', overrides: {}, notetakerNames: ['x'] });
    // Only the built-in script reads on: the stopped one no longer answers background.
    expect(custom.read).toHaveBeenCalledTimes(1);
  });

  it('shows no banner itself: that is the injected UI', async () => {
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    await injectUi();
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
  });

  it('UI: ignores messages that are not from our own extension, and malformed ones', async () => {
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    await injectUi();
    deliver(warnings, 'another-extension');
    deliver({ ...warnings, guard: { mode: 'everything', sensitive: true } });
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
  });

  it('UI: injected again into the same document, does nothing; in a frame no runner serves, does nothing', async () => {
    await injectUi();
    expect(listeners).toHaveLength(0);
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    await injectUi();
    await injectUi();
    // The runner's listener and one UI's.
    expect(listeners).toHaveLength(2);
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
  });

  it('UI: follows the built-in script that takes the frame over, and goes when the runner stops for good', async () => {
    run.runContent(run.RANK.custom, () => service());
    await settle();
    await injectUi();
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
    // The extension went away: the runner stopped and no other took the frame.
    scope.meetingGuardContent?.stop();
    await settle();
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    expect(scope.meetingGuardUi).toBeUndefined();
  });

  it('UI: stops and takes its banner away when its own message finds the extension gone', async () => {
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    const roots: ShadowRoot[] = [];
    const attach = Element.prototype.attachShadow;
    const spy = vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init) {
      const root = attach.call(this, init);
      roots.push(root);
      return root;
    });
    try {
      await injectUi();
      deliver(warnings);
      expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
      runtime.sendMessage.mockImplementationOnce(async (message) => {
        sent.push(message);
        throw new Error('Extension context invalidated.');
      });
      const dismiss = [...(roots.at(-1)?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Dismiss');
      dismiss?.click();
      await settle();
      expect(sent).toContainEqual({ type: 'dismiss-warning', warning: 'recording' });
      expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });

  it("takes the admin's pushed tables for its own service at once, only from our own extension", async () => {
    const meet = service();
    run.runContent(run.RANK.builtIn, () => meet);
    await settle();
    const tables = {
      type: 'tables',
      service: 'meet',
      overrides: { recordingText: { add: ['このミーティングは録画中'] } },
      notetakerNames: ['議事録くん'],
    };
    deliver(tables, 'another-extension');
    deliver({ ...tables, service: 'zoom' });
    deliver({ ...tables, overrides: { 'not a key': { add: ['x'] } } });
    expect(meet.read).toHaveBeenCalledTimes(1);

    deliver(tables);
    expect(meet.read).toHaveBeenCalledTimes(2);
    const table = vi.mocked(meet.read).mock.calls[1]?.[2];
    // As at start-up: the override first, the built-in entries after it, the admin's notetaker names added.
    expect(table?.recordingText?.[0]).toBe('このミーティングは録画中');
    expect(table?.notetakerNameText).toContain('議事録くん');
    expect(table?.notetakerNameText).toContain('otter.ai');
  });

  it('tells background when its document goes, and reads afresh when it comes back from the back/forward cache', async () => {
    const meet = service();
    run.runContent(run.RANK.builtIn, () => meet);
    await settle();
    sent.length = 0;
    window.dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([{ type: 'frame-gone' }]);
    const back = Object.assign(new Event('pageshow'), { persisted: true });
    window.dispatchEvent(back);
    await settle();
    expect(sent.map((message) => message.type)).toEqual(['frame-gone', 'get-overrides', 'snapshot']);
  });

  it('says so when its adapter keeps failing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const broken: MeetingService = {
        ...service(),
        read: vi.fn(() => {
          throw new Error('the vendor changed the page');
        }),
      };
      run.runContent(run.RANK.builtIn, () => broken);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(sent.filter((message) => message.type !== 'get-overrides')).toEqual([
        { type: 'adapter-error', service: 'meet' },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
