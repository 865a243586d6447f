/**
 * The shared content-script runner: one script serves a frame (a built-in service's outranks the custom
 * services' script, which can be registered for the same site), it reports "no meeting" where its
 * service does not match, and it uses the browser's own runtime (no polyfill) for every message.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundToContent } from '../../src/messages';
import type { MeetingService } from '../../src/services/service';
import { makeSnapshot } from './support';

type Listener = (message: unknown, sender: { id?: string }) => undefined;
const listeners: Listener[] = [];
const sent: { type: string }[] = [];
const runtime = {
  id: 'meeting-guard-test',
  sendMessage: vi.fn(async (message: { type: string }) => {
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

beforeEach(() => {
  sent.length = 0;
  listeners.length = 0;
  // The previous test's script stops, as a script does when the extension goes away.
  const scope = globalThis as { meetingGuardContent?: { stop(): void } };
  scope.meetingGuardContent?.stop();
  delete scope.meetingGuardContent;
  for (const host of document.documentElement.querySelectorAll('meeting-guard-banner')) host.remove();
  history.replaceState({}, '', '/abc-defg-hij');
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function service(): MeetingService {
  return { id: 'meet', name: 'Meet', matches: [], table: {}, read: vi.fn(() => makeSnapshot({})) };
}

const warnings: BackgroundToContent = {
  type: 'warnings',
  locale: 'en',
  warnings: [{ id: 'recording', clause: '21-no-e2e-breaking', title: 'Recording', advice: 'Stop it' }],
  dismissed: [],
  labels: { heading: 'Warning', dismiss: 'Dismiss', procedure: 'Procedure', clause: 'Clause', minimize: 'Hide' },
  procedureUrl: '',
  guard: { mode: 'warn', sensitive: true },
  guardLabels: {
    confirmTitle: '',
    blockTitle: '',
    confirmBody: '',
    blockBody: '',
    proceed: '',
    cancel: '',
    close: '',
    clause: '',
    clauseText: '',
  },
  featureNames: {},
};

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
    run.runContent(run.RANK.custom, () => service());
    await settle();
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    deliver(warnings);
    // Only the built-in script's banner: the stopped one no longer answers background.
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
  });

  it('ignores messages that are not from our own extension', async () => {
    run.runContent(run.RANK.builtIn, () => service());
    await settle();
    deliver(warnings, 'another-extension');
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(0);
    deliver(warnings);
    expect(document.querySelectorAll('meeting-guard-banner')).toHaveLength(1);
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
