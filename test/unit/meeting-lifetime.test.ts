/** Meetings and frames with a lifetime (issue 8): mark expiry and floors, keys without a meeting id, dead frames. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentHandlers, dispatch, type HandlerDeps, nextVisit } from '../../background/handlers';
import type { TabViews } from '../../background/tab-views';
import { UNREADABLE_AFTER_MS } from '../../background/tab-views';
import { type ContentToBackground, validateBackgroundMessage, validateContentMessage } from '../../src/messages';
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

  it('takes a service page silent for a few seconds for unreadable: every item on it 要確認, recorded once', async () => {
    const { store, tabs, recorded, badges } = await backgroundFor(env);
    const address = 'https://app.zoom.us/wc/81234567890/join?pwd=secret';
    await store.updateTab(4, (state) => ({ ...state, loadingAt: Date.now() }));
    const early = await tabs.withSiteHint(await tabs.tabView(4), 'ja');
    expect(early).toMatchObject({ onServiceSite: true, unreadablePage: false });
    expect(early.view.snapshot).toBeNull();
    // The address comes from the browser (tabs.get) when the tab was not seen loading.
    expect((await store.loadTab(4)).url).toBe(address);

    await store.updateTab(4, (state) => ({ ...state, loadingAt: Date.now() - UNREADABLE_AFTER_MS - 1 }));
    // As the popup asks (get-tab-view): the tab refreshed, then the hint.
    const late = await tabs.withSiteHint(await tabs.refreshTab(4), 'ja');
    expect(late).toMatchObject({ onServiceSite: true, unreadablePage: true });
    expect(late.view.snapshot).toMatchObject({ service: 'zoom', unreadable: true, meetingId: null });
    const status = Object.fromEntries(late.view.checklist.map((item) => [item.id, item.status]));
    expect(status).toMatchObject({
      '21-no-e2e-breaking': 'unknown',
      '21-e2ee': 'unknown',
      '21-passcode': 'unknown',
      '21-waiting-room': 'unknown',
    });
    expect(late.view.warnings).toEqual(['page-unreadable']);
    expect(badges.get(4)).toBe('1');

    await tabs.refreshTab(4);
    await tabs.withSiteHint(await tabs.tabView(4), 'ja');
    expect(recorded.filter((entry) => entry.event === 'page-unreadable')).toEqual([
      { event: 'page-unreadable', service: 'zoom', detail: 'app.zoom.us/wc/*/join' },
    ]);
  });

  it('never takes a page that reported, or an address of no service, for unreadable', async () => {
    const { store, tabs } = await backgroundFor(env);
    const long = Date.now() - UNREADABLE_AFTER_MS - 1;
    await store.updateTab(7, () => ({ frames: {}, reported: true, loadingAt: long, url: 'https://meet.google.com/' }));
    await store.updateTab(8, () => ({ frames: {}, loadingAt: long, url: 'https://example.org/meeting' }));
    expect((await tabs.tabView(7)).snapshot).toBeNull();
    expect((await tabs.tabView(8)).snapshot).toBeNull();
  });

  it('at 機密性2以上 carries the unreadable page to the banner, in words its validator accepts; not at 機密性1', async () => {
    const { store, tabs, banners } = await backgroundFor(env);
    await store.updateTab(4, () => ({
      frames: {},
      loadingAt: Date.now() - UNREADABLE_AFTER_MS - 1,
      url: 'https://app.zoom.us/wc/81234567890/join',
      visit: 'v1',
    }));
    await tabs.refreshTab(4);
    const banner = validateBackgroundMessage(banners.at(-1));
    expect(banner?.warnings).toEqual([
      {
        id: 'page-unreadable',
        clause: '21-no-e2e-breaking',
        clauseText: expect.stringContaining('E2Eの暗号化を利用できなくなる機能'),
        title: 'この画面が会議中かどうか読み取れません（要確認）',
        advice: expect.stringContaining('会議の画面で確かめて'),
      },
    ]);
    await store.setClassification('zoom:visit:v1', 1);
    await tabs.refreshTab(4);
    expect(validateBackgroundMessage(banners.at(-1))?.warnings).toEqual([]);
  });

  it("removes the reading of a frame whose document went, at once, and not its successor's", async () => {
    const { store, tabs, badges } = await backgroundFor(env);
    const handlers = contentHandlers(handlerDeps(store, tabs));
    const zoom = { service: 'zoom', meetingId: '81234567890' };
    await store.updateTab(3, () => ({
      url: 'https://app.zoom.us/wc/81234567890/join',
      frames: {
        '0': makeSnapshot({ ...zoom, signals: { recording: 'unknown' } }),
        '5': makeSnapshot({ ...zoom, signals: { recording: 'on' } }),
        '6': makeSnapshot({ ...zoom, signals: { transcription: 'on' } }),
      },
      documents: { '5': 'doc-5', '6': 'doc-6-new' },
    }));
    await tabs.refreshTab(3);
    expect(badges.get(3)).toBe('2');

    await dispatch(handlers, validContent({ type: 'frame-gone', frameId: '6' }), sender(3, '5', 'doc-5'));
    expect(Object.keys((await store.loadTab(3)).frames).sort()).toEqual(['0', '6']);
    expect(badges.get(3)).toBe('1');
    // An old document of frame 6 going is no reason to drop the new one's reading.
    await dispatch(handlers, validContent({ type: 'frame-gone' }), sender(3, '6', 'doc-6-old'));
    expect(Object.keys((await store.loadTab(3)).frames).sort()).toEqual(['0', '6']);
  });

  it('takes a frame whose adapter keeps failing for unread: its meeting stays, every signal unknown, recorded once', async () => {
    const { store, tabs, recorded, banners } = await backgroundFor(env);
    const handlers = contentHandlers(handlerDeps(store, tabs));
    await store.updateTab(3, () => ({
      url: 'https://app.zoom.us/wc/81234567890/join',
      frames: {
        '5': makeSnapshot({ service: 'zoom', meetingId: '81234567890', title: '定例', signals: { recording: 'off' } }),
      },
    }));
    const failing = sender(3, '5', 'doc-5', 'https://app.zoom.us/wc/81234567890/meeting?pwd=secret');
    await dispatch(handlers, validContent({ type: 'adapter-error', service: 'zoom' }), failing);
    await dispatch(handlers, validContent({ type: 'adapter-error', service: 'zoom' }), failing);
    const view = await tabs.tabView(3);
    expect(view.snapshot).toMatchObject({ meetingId: '81234567890', title: '定例', unreadable: true });
    expect(Object.values(view.snapshot?.signals ?? {}).every((signal) => signal === 'unknown')).toBe(true);
    expect(view.snapshot?.evidence).toBeUndefined();
    expect(validateBackgroundMessage(banners.at(-1))?.warnings.map((warning) => warning.id)).toEqual([
      'page-unreadable',
    ]);
    expect(recorded.filter((entry) => entry.event === 'adapter-error')).toEqual([
      { event: 'adapter-error', service: 'zoom', detail: 'app.zoom.us/wc/*/meeting' },
    ]);
    // The frame reads again: its reading replaces the unread one.
    await dispatch(
      handlers,
      validContent({ type: 'snapshot', snapshot: makeSnapshot({ service: 'zoom', meetingId: '81234567890' }) }),
      failing,
    );
    expect((await tabs.tabView(3)).snapshot?.unreadable).toBeUndefined();
  });

  it('a frame whose adapter failed from the start is an unread meeting of its service', async () => {
    const { store, tabs } = await backgroundFor(env);
    const handlers = contentHandlers(handlerDeps(store, tabs));
    await dispatch(handlers, validContent({ type: 'adapter-error', service: 'webex' }), sender(9, '0', 'doc'));
    expect((await tabs.tabView(9)).snapshot).toMatchObject({
      service: 'webex',
      meetingId: null,
      phase: 'meeting',
      role: 'unknown',
      unreadable: true,
    });
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

/** Background's tab views and content handlers on the fake browser: what they sent and recorded. */
async function backgroundFor(env: ReturnType<typeof fakeBrowser>) {
  const store = await import('../../background/store');
  const { createTabViews } = await import('../../background/tab-views');
  const { effectivePolicy } = await import('../../src/policy/effective');
  const recorded: { event: string; service?: string; detail?: string }[] = [];
  const badges = new Map<number, string>();
  const banners: unknown[] = [];
  const tabs = createTabViews({
    browser: {
      ...env.browser,
      action: {
        setBadgeText: async ({ tabId, text }: { tabId: number; text: string }) => void badges.set(tabId, text),
        setBadgeBackgroundColor: async () => undefined,
      },
      i18n: { getUILanguage: () => 'ja' },
      runtime: { ...env.browser.runtime, sendMessage: async () => undefined },
      tabs: {
        async sendMessage(_tabId: number, message: { type: string }) {
          if (message.type === 'warnings') banners.push(message);
          return undefined;
        },
        get: async () => ({ url: 'https://app.zoom.us/wc/81234567890/join?pwd=secret' }),
      },
    } as never,
    store,
    policy: async () => effectivePolicy(parsePolicy({}), {}),
    recorder: { record: async (entry: never) => void recorded.push(entry) } as never,
    userAgent: 'Chrome/130',
  });
  return { store, tabs, recorded, badges, banners };
}

function handlerDeps(store: typeof import('../../background/store'), tabs: TabViews): HandlerDeps {
  return { store, tabs } as unknown as HandlerDeps;
}

/** What the browser says about a message's sender: the frame and document come from here, never the message. */
const sender = (tabId: number, frameId: string, documentId: string, url = 'https://app.zoom.us/wc/1/join') => ({
  tabId,
  frameId,
  documentId,
  url,
});

/** A content message as background's listener hands it on: validated first. */
function validContent(message: unknown): ContentToBackground {
  const valid = validateContentMessage(message);
  if (!valid) throw new Error(`invalid content message ${JSON.stringify(message)}`);
  return valid;
}
