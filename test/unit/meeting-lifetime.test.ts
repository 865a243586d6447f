/** Meetings and frames with a lifetime (issue 8): mark expiry and floors, keys without a meeting id, dead frames. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextVisit } from '../../background/handlers';
import { parsePolicy } from '../../src/policy/policy';
import { buildTabView, liveMemory, meetingKey } from '../../src/view';
import { fakeBrowser } from './fake-browser';
import { makeSnapshot } from './support';

const fake = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('../../background/browser', () => ({
  get browser() {
    return fake.current;
  },
}));

const day = (iso: string) => Date.parse(iso);

describe('remembered marks', () => {
  const marked = {
    classification: 1 as const,
    classifiedAt: day('2026-12-01T09:00:00'),
    confirmed: ['21-headphones' as const],
    confirmedAt: day('2026-12-01T09:00:00'),
  };

  it('hold for the day they were made, then expire unless "always for this meeting"', () => {
    expect(liveMemory(marked, day('2026-12-01T23:00:00'))).toMatchObject({
      classification: 1,
      confirmed: ['21-headphones'],
    });
    const nextDay = liveMemory(marked, day('2026-12-02T08:00:00'));
    expect(nextDay.classification).toBeUndefined();
    expect(nextDay.confirmed).toBeUndefined();
    expect(liveMemory({ ...marked, classificationAlways: true }, day('2027-03-01T08:00:00')).classification).toBe(1);
  });

  it('a mark from yesterday no longer sets the class; a marker in the title is a floor for any mark', () => {
    const input = {
      tabId: 1,
      parsedPolicy: parsePolicy({}),
      browser: null,
      now: day('2026-12-02T10:00:00'),
    };
    const yesterday = buildTabView({ ...input, snapshot: makeSnapshot({ title: '定例' }), memory: marked });
    expect(yesterday.classification).toEqual({ value: 2, source: 'policy' });
    const always = buildTabView({
      ...input,
      snapshot: makeSnapshot({ title: '【機密性3】定例' }),
      memory: { ...marked, classificationAlways: true },
    });
    expect(always.classification).toEqual({ value: 3, source: 'title' });
    const today = buildTabView({
      ...input,
      snapshot: makeSnapshot({ title: '定例' }),
      memory: { classification: 3, classifiedAt: day('2026-12-02T09:30:00') },
    });
    expect(today.classification).toMatchObject({ value: 3, source: 'user', always: false });
    expect(today.classification?.since).toBe(new Date(day('2026-12-02T09:30:00')).toISOString());
  });
});

describe('meetings without an id', () => {
  it('are keyed by the page visit, never by an address shared by every call', () => {
    const teams = makeSnapshot({ service: 'teams', meetingId: null });
    const url = 'https://teams.microsoft.com/v2/';
    expect(meetingKey(teams, url, 'visit-a')).not.toBe(meetingKey(teams, url, 'visit-b'));
    expect(meetingKey(makeSnapshot(), url, 'visit-a')).toBe('meet:abc-defg-hij');
  });

  it('get a new visit when the page leaves such a meeting, and keep it otherwise', () => {
    const call = makeSnapshot({ service: 'teams', meetingId: null });
    expect(nextVisit('v1', call, call)).toBe('v1');
    expect(nextVisit('v1', call, null)).not.toBe('v1');
    expect(nextVisit('v1', call, { ...call, phase: 'prejoin' })).not.toBe('v1');
    // A meeting with an id keeps its key anyway; the visit need not change.
    expect(nextVisit('v1', makeSnapshot(), null)).toBe('v1');
    expect(nextVisit(undefined, null, call)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keep their marks in session storage, for that visit only', async () => {
    vi.resetModules();
    const env = fakeBrowser();
    fake.current = env.browser;
    const store = await import('../../background/store');
    await store.setClassification('teams:visit:v1', 1);
    expect(env.browser.storage.session.data['meeting:teams:visit:v1']).toMatchObject({ classification: 1 });
    expect(env.browser.storage.local.data['meeting:teams:visit:v1']).toBeUndefined();
    expect((await store.loadMemory('teams:visit:v2')).classification).toBeUndefined();
  });
});

describe('frames with a lifetime', () => {
  let env: ReturnType<typeof fakeBrowser>;
  beforeEach(() => {
    vi.resetModules();
    env = fakeBrowser();
    fake.current = env.browser;
  });

  it("drops a frame whose document is gone, so its 'off' no longer stands for the live page", async () => {
    const store = await import('../../background/store');
    const { createTabViews } = await import('../../background/tab-views');
    const sent: unknown[] = [];
    const browser = {
      ...env.browser,
      action: { setBadgeText: async () => undefined, setBadgeBackgroundColor: async () => undefined },
      i18n: { getUILanguage: () => 'ja' },
      runtime: { ...env.browser.runtime, sendMessage: async () => undefined },
      tabs: {
        async sendMessage(_tabId: number, message: unknown, options?: { frameId?: number; documentId?: string }) {
          sent.push([message, options]);
          if (options?.documentId === 'old-doc')
            throw new Error('Could not establish connection. Receiving end does not exist.');
          if (options?.frameId === 9) throw new Error('The tab was closed while loading');
          return undefined;
        },
        get: async () => ({}),
      },
    };
    await store.updateTab(3, () => ({
      url: 'https://app.zoom.us/wc/81234567890/join',
      frames: {
        '0': makeSnapshot({ service: 'zoom', meetingId: '81234567890', signals: { recording: 'unknown' } }),
        '5': makeSnapshot({ service: 'zoom', meetingId: '81234567890', signals: { recording: 'off' } }),
        '9': makeSnapshot({ service: 'zoom', meetingId: '81234567890', signals: { transcription: 'off' } }),
      },
      documents: { '5': 'old-doc' },
    }));
    const recorded: unknown[] = [];
    const tabs = createTabViews({
      browser: browser as never,
      store,
      policy: async () => (await import('../../src/policy/effective')).effectivePolicy(parsePolicy({}), {}),
      recorder: { record: async (entry: unknown) => void recorded.push(entry) } as never,
      userAgent: 'Chrome/130',
    });
    const view = await tabs.refreshTab(3);
    expect(Object.keys((await store.loadTab(3)).frames).sort()).toEqual(['0', '9']);
    expect(view.snapshot?.signals.recording).toBe('unknown');
    // A passing error is not "gone": frame 9's reading stays.
    expect(view.snapshot?.signals.transcription).toBe('off');
    expect(sent).toContainEqual([{ type: 'frame-check' }, { documentId: 'old-doc' }]);
  });

  it('says a service page that read nothing for a few seconds is unreadable, and records it once', async () => {
    const store = await import('../../background/store');
    const { createTabViews, UNREADABLE_AFTER_MS } = await import('../../background/tab-views');
    const { effectivePolicy } = await import('../../src/policy/effective');
    const recorded: { event: string; service?: string; detail?: string }[] = [];
    const tabs = createTabViews({
      browser: {
        ...env.browser,
        i18n: { getUILanguage: () => 'ja' },
        tabs: { get: async () => ({ url: 'https://app.zoom.us/wc/81234567890/join?pwd=secret' }) },
      } as never,
      store,
      policy: async () => effectivePolicy(parsePolicy({}), {}),
      recorder: { record: async (entry: never) => void recorded.push(entry) } as never,
      userAgent: 'Chrome/130',
    });
    await store.updateTab(4, (state) => ({ ...state, loadingAt: Date.now() }));
    const early = await tabs.withSiteHint(await tabs.tabView(4), 'ja');
    expect(early).toMatchObject({ onServiceSite: true, unreadablePage: false });
    await store.updateTab(4, (state) => ({ ...state, loadingAt: Date.now() - UNREADABLE_AFTER_MS - 1 }));
    const late = await tabs.withSiteHint(await tabs.tabView(4), 'ja');
    expect(late).toMatchObject({ onServiceSite: true, unreadablePage: true });
    await tabs.withSiteHint(await tabs.tabView(4), 'ja');
    expect(recorded).toEqual([{ event: 'page-unreadable', service: 'zoom', detail: 'app.zoom.us/wc/*/join' }]);
  });

  it("pushes the admin's repaired tables to each known tab's content scripts", async () => {
    const store = await import('../../background/store');
    const { createTabViews } = await import('../../background/tab-views');
    const { effectivePolicy } = await import('../../src/policy/effective');
    const sent: [number, unknown][] = [];
    const tabs = createTabViews({
      browser: {
        ...env.browser,
        tabs: { sendMessage: async (tabId: number, message: unknown) => void sent.push([tabId, message]) },
      } as never,
      store,
      policy: async () =>
        effectivePolicy(
          parsePolicy({
            selectorOverrides: { zoom: { inMeeting: { add: ['.rec'] } } },
            notetakerNames: ['議事録AI'],
          }),
          {},
        ),
      recorder: { record: async () => undefined } as never,
      userAgent: 'Chrome/130',
    });
    await store.updateTab(5, () => ({ frames: {}, url: 'https://app.zoom.us/wc/81234567890/join' }));
    await store.updateTab(6, () => ({ frames: { '0': makeSnapshot() } }));
    await tabs.pushTables();
    expect(sent).toContainEqual([
      5,
      {
        type: 'tables',
        service: 'zoom',
        overrides: { inMeeting: { add: ['.rec'] } },
        notetakerNames: ['議事録AI'],
      },
    ]);
    expect(sent).toContainEqual([6, { type: 'tables', service: 'meet', overrides: {}, notetakerNames: ['議事録AI'] }]);
  });
});
