/**
 * Background injects the in-page UI (content/entries/ui.js: banner and guard) only where it has something to do:
 * the top frame when there are warnings, every frame whose content script runs when the guard acts ('confirm' or
 * 'block' at class 2+). Once per start of a frame's content script, before the badge and the 'warnings' message;
 * a frame that cannot take it does not stop the refresh.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentHandlers, dispatch, type HandlerDeps } from '../../background/handlers';
import type { TabViews } from '../../background/tab-views';
import type { Policy } from '../../src/policy/policy';
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

const TAB = 7;
const UI = 'content/entries/ui.js';
const quiet = makeSnapshot();
const recording = makeSnapshot({ signals: { recording: 'on' } });

/** Background on the fake browser, with every call that matters here in order. */
async function background(policy: Partial<Policy>, failFrames: number[] = []) {
  vi.resetModules();
  const env = fakeBrowser();
  fake.current = env.browser;
  const store = await import('../../background/store');
  const { createTabViews } = await import('../../background/tab-views');
  const { effectivePolicy } = await import('../../src/policy/effective');
  const calls: string[] = [];
  const tabs = createTabViews({
    browser: {
      ...env.browser,
      action: {
        setBadgeText: async ({ text }: { text: string }) => void calls.push(`badge ${text}`),
        setBadgeBackgroundColor: async () => undefined,
      },
      i18n: { getUILanguage: () => 'ja' },
      runtime: { ...env.browser.runtime, sendMessage: async () => undefined },
      tabs: {
        async sendMessage(_tabId: number, message: { type: string }) {
          if (message.type === 'warnings') calls.push('warnings');
          return undefined;
        },
        get: async () => ({}),
      },
      scripting: {
        async executeScript(injection: { target: { tabId: number; frameIds: number[] }; files: string[] }) {
          const frames = injection.target.frameIds;
          calls.push(`inject ${injection.target.tabId}:${frames.join(',')} ${injection.files.join(',')}`);
          if (frames.some((frame) => failFrames.includes(frame))) throw new Error('No frame with id 5 in tab 7.');
          return [];
        },
      },
    } as never,
    store,
    policy: async () => effectivePolicy(parsePolicy(policy), {}),
    recorder: { record: async () => undefined } as never,
    userAgent: 'Chrome/130',
  });
  const handlers = contentHandlers({
    store,
    tabs,
    policy: { current: async () => effectivePolicy(parsePolicy(policy), {}) },
  } as unknown as HandlerDeps);
  const from = (frameId: string) => ({ tabId: TAB, frameId, url: 'https://meet.google.com/abc-defg-hij' });
  return {
    calls,
    tabs: tabs as TabViews,
    store,
    /** A frame's content script starting: it asks for its tables first. */
    start: (frameId: string) => dispatch(handlers, { type: 'get-overrides' as const, service: 'meet' }, from(frameId)),
    report: (frameId: string, snapshot: Snapshot | null) =>
      dispatch(handlers, { type: 'snapshot' as const, snapshot }, from(frameId)),
  };
}

const injections = (calls: string[]) => calls.filter((call) => call.startsWith('inject'));

describe('the in-page UI', () => {
  beforeEach(() => vi.resetModules());

  it('is not injected where there is nothing to show or guard', async () => {
    const bg = await background({ e2eBreakingFeatures: 'warn' });
    await bg.start('0');
    await bg.report('0', quiet);
    expect((await bg.tabs.tabView(TAB)).warnings).toEqual([]);
    expect(injections(bg.calls)).toEqual([]);
    // The guard would act, but at class 1 it does not.
    const classOne = await background({ e2eBreakingFeatures: 'block', defaultClassification: 1 });
    await classOne.start('0');
    await classOne.report('0', quiet);
    expect(injections(classOne.calls)).toEqual([]);
  });

  it('goes into the top frame only for the banner, before the badge and the warnings message', async () => {
    const bg = await background({ e2eBreakingFeatures: 'warn' });
    await bg.start('0');
    await bg.start('5');
    await bg.report('5', quiet);
    bg.calls.length = 0;
    await bg.report('0', recording);
    expect(bg.calls.slice(0, 3)).toEqual([`inject ${TAB}:0 ${UI}`, 'badge 1', 'warnings']);
    expect(injections(bg.calls)).toHaveLength(1);
  });

  it("goes into every frame whose content script runs when the guard acts, even one that reported 'no meeting'", async () => {
    const bg = await background({ e2eBreakingFeatures: 'confirm' });
    await bg.start('0');
    await bg.start('9');
    await bg.report('9', null);
    await bg.start('5');
    await bg.report('5', quiet);
    expect((await bg.tabs.tabView(TAB)).warnings).toEqual([]);
    expect(injections(bg.calls).sort()).toEqual([
      `inject ${TAB}:0 ${UI}`,
      `inject ${TAB}:5 ${UI}`,
      `inject ${TAB}:9 ${UI}`,
    ]);
  });

  it("goes once per start of a frame's content script: a new document in the frame gets it again", async () => {
    const bg = await background({ e2eBreakingFeatures: 'block' });
    await bg.start('0');
    await bg.start('5');
    await bg.report('5', quiet);
    await bg.report('0', quiet);
    await bg.report('0', recording);
    await bg.tabs.refreshTab(TAB);
    expect(injections(bg.calls).sort()).toEqual([`inject ${TAB}:0 ${UI}`, `inject ${TAB}:5 ${UI}`]);
    bg.calls.length = 0;
    // Zoom's meeting iframe reloaded: its new document's script starts and reports.
    await bg.start('5');
    await bg.report('5', quiet);
    expect(injections(bg.calls)).toEqual([`inject ${TAB}:5 ${UI}`]);
  });

  it('a frame that cannot take it does not stop the refresh, nor the other frames, and is not retried', async () => {
    const bg = await background({ e2eBreakingFeatures: 'block' }, [5]);
    await bg.start('0');
    await bg.start('5');
    await bg.report('5', recording);
    expect(bg.calls).toContain('badge 1');
    expect(bg.calls).toContain('warnings');
    expect(injections(bg.calls).sort()).toEqual([`inject ${TAB}:0 ${UI}`, `inject ${TAB}:5 ${UI}`]);
    bg.calls.length = 0;
    await bg.tabs.refreshTab(TAB);
    expect(injections(bg.calls)).toEqual([]);
    expect((await bg.store.loadTab(TAB)).uiInjected).toMatchObject({
      '0': expect.any(String),
      '5': expect.any(String),
    });
  });
});
