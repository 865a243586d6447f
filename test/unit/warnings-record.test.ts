/** The warnings record says which unread signals are our gap and which the service never shows (issue 13). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pendingPolicy } from '../../src/policy/pending';
import { parsePolicy } from '../../src/policy/policy';
import type { Snapshot } from '../../src/services/service';
import { fakeBrowser } from './fake-browser';
import { makeSnapshot } from './support';

const fake = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('../../background/browser', () => ({
  get browser() {
    return fake.current;
  },
}));

async function warningsRecordFor(url: string, snapshot: Snapshot, parsed = parsePolicy({})) {
  const env = fakeBrowser();
  fake.current = env.browser;
  const store = await import('../../background/store');
  const { createTabViews } = await import('../../background/tab-views');
  const { effectivePolicy } = await import('../../src/policy/effective');
  const recorded: { event: string; detail?: string }[] = [];
  const tabs = createTabViews({
    browser: {
      ...env.browser,
      action: { setBadgeText: async () => undefined, setBadgeBackgroundColor: async () => undefined },
      i18n: { getUILanguage: () => 'ja' },
      runtime: { ...env.browser.runtime, sendMessage: async () => undefined },
      tabs: { sendMessage: async () => undefined, get: async () => ({ url }) },
    } as never,
    store,
    // No policy: the default class is 機密性2, so the E2E-breaking signals matter.
    policy: async () => effectivePolicy(parsed, {}),
    recorder: { record: async (entry: never) => void recorded.push(entry) } as never,
    userAgent: 'Chrome/130',
  });
  await store.updateTab(1, () => ({ url, frames: { '0': snapshot } }));
  await tabs.refreshTab(1);
  const record = recorded.find((entry) => entry.event === 'warnings');
  if (!record) throw new Error('no warnings record');
  return record.detail?.split(' ') ?? [];
}

describe('the warnings record', () => {
  beforeEach(() => vi.resetModules());

  it("names Webex's unread recording as not read yet (Webex shows it; we do not read it yet)", async () => {
    const detail = await warningsRecordFor(
      'https://example.webex.com/meet/taro',
      makeSnapshot({
        service: 'webex',
        meetingId: 'example.webex.com/meet/taro',
        role: 'participant',
        signals: { transcription: 'off', translation: 'off', aiNotes: 'off', e2ee: 'on' },
      }),
    );
    expect(detail).toContain('not-read-yet=recording');
    expect(detail.some((part) => part.startsWith('never-shown='))).toBe(false);
    expect(detail).toContain('21-no-e2e-breaking=unknown');
  });

  it("names Meet's passcode as never shown (a vendor fact), apart from what is not read yet", async () => {
    const detail = await warningsRecordFor(
      'https://meet.google.com/abc-defg-hij',
      makeSnapshot({
        role: 'host',
        signals: { recording: 'off', transcription: 'off', aiNotes: 'off', waitingRoom: 'on' },
      }),
    );
    expect(detail).toContain('never-shown=passcode');
    expect(detail).toContain('not-read-yet=translation,e2ee');
  });

  it('adds neither when every relevant signal was read', async () => {
    const detail = await warningsRecordFor(
      'https://meet.jit.si/room',
      makeSnapshot({
        service: 'jitsi',
        meetingId: 'room',
        role: 'participant',
        signals: { recording: 'off', transcription: 'off', translation: 'off', aiNotes: 'off', e2ee: 'on' },
      }),
    );
    expect(detail.filter((part) => /^(not-read-yet|never-shown)=/.test(part))).toEqual([]);
  });

  it('says it was made before the admin policy was known (the strict pending policy)', async () => {
    const url = 'https://meet.google.com/abc-defg-hij';
    const snapshot = makeSnapshot({ signals: { recording: 'on' } });
    const pending = await warningsRecordFor(url, snapshot, pendingPolicy());
    expect(pending.at(-1)).toBe('policy=pending');
    expect(pending).toContain('21-permitted=unknown');
    vi.resetModules();
    const known = await warningsRecordFor(url, snapshot);
    expect(known).not.toContain('policy=pending');
    expect(known).toContain('21-permitted=ok');
  });
});
