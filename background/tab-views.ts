/**
 * A tab's view and what follows it: the in-page UI injected where it has something to do, the badge, the
 * banner and guard state (sent to every frame), the warnings record on change, and the `tab-view-changed`
 * push to open popups. Storage, policy, browser and recorder
 * are passed in, so this runs against fakes in unit tests.
 */

import { isExternalMeeting } from '../src/external';
import { serviceCoverage } from '../src/guard-coverage';
import { type Locale, pickLocale, t } from '../src/i18n';
import type {
  BackgroundProbe,
  BackgroundToContent,
  BackgroundToContentTables,
  BackgroundToUi,
  PopupTabResponse,
} from '../src/messages';
import type { EffectivePolicy } from '../src/policy/effective';
import { addressPattern, type NewRecord } from '../src/records';
import { WARNING_CLAUSE } from '../src/rules';
import { notetakersWithRules, type RulesPayload, withRules } from '../src/rules-document';
import { serviceForUrl, services } from '../src/services';
import type { Snapshot } from '../src/services/service';
import {
  browserFromUserAgent,
  buildTabView,
  meetingKey,
  mergeFrames,
  type TabView,
  unreadableReading,
} from '../src/view';
import type { browser as realBrowser } from './browser';
import type { Recorder } from './recorder';
import type * as realStore from './store';
import type { TabState } from './store';

const BADGE_COLOR = '#b3261e';
/** A service's page that has reported nothing this long after it started loading is unreadable (要確認). */
export const UNREADABLE_AFTER_MS = 5_000;
/** What Chrome and Firefox say when no content script (document) is there to receive a message. */
const GONE =
  /Receiving end does not exist|Could not establish connection|No frame with id|Invalid document|No document/i;

/** The in-page UI (banner and guard), built by vite.config.ts (UI_SCRIPT); the build test checks it is there. */
export const UI_SCRIPT_FILE = 'content/entries/ui.js';

export interface TabDeps {
  browser: Pick<typeof realBrowser, 'action' | 'tabs' | 'runtime' | 'i18n' | 'storage' | 'scripting'>;
  store: typeof realStore;
  policy(): Promise<EffectivePolicy>;
  recorder: Recorder;
  userAgent: string;
  /** The signed rules in force (issue 20), added to the policy's tables pushed to open tabs. */
  rules?(): Promise<RulesPayload | undefined>;
}

/** Record fields about a tab's meeting. */
export type MeetingRecord = Omit<NewRecord, 'service' | 'meetingId' | 'title'>;

/** The built-in service whose page is at this address, if any. */
function serviceAt(address: string | undefined): string | undefined {
  try {
    return address ? serviceForUrl(new URL(address))?.id : undefined;
  } catch {
    return undefined;
  }
}

/** The guard acts (stops and asks, or refuses) at 機密性2以上 under 'confirm' or 'block'; content/guard.ts says how. */
export function guardActs(guard: BackgroundToContent['guard']): boolean {
  return guard.mode !== 'warn' && guard.sensitive;
}

/**
 * The frames that need the in-page UI and do not have it yet: the top frame for the banner when there are
 * warnings; every frame whose content script runs, when the guard acts (a control may be in any of them, e.g.
 * Zoom's meeting iframe). A frame's content script runs if it reported a reading or asked for its tables; the UI
 * goes once per start of it (`runnerStarts`), so a new document in the frame gets it again.
 */
export function framesNeedingUi(state: TabState, message: BackgroundToContent): string[] {
  const running = [...new Set([...Object.keys(state.frames), ...Object.keys(state.runnerStarts ?? {})])];
  const wanted = guardActs(message.guard) ? running : message.warnings.length ? running.filter((id) => id === '0') : [];
  return wanted.filter((id) => state.uiInjected?.[id] !== startOf(state, id));
}

/** The frame's current runner start ('' for one that reported before its start was seen). */
const startOf = (state: TabState, frameId: string): string => state.runnerStarts?.[frameId] ?? '';

/** A service's page whose content script has said nothing for UNREADABLE_AFTER_MS since it started loading. */
function silentService(state: TabState, now: number): string | undefined {
  if (state.reported || Object.keys(state.frames).length || state.loadingAt === undefined) return undefined;
  return now - state.loadingAt >= UNREADABLE_AFTER_MS ? serviceAt(state.url) : undefined;
}

/**
 * The tab's reading: its frames' merged; for a silent service page, a reading with every signal unknown
 * (要確認), so the popup's checklist, the badge and the record say the page was not read, not "reading…".
 */
function readingOf(state: TabState, now: number): Snapshot | null {
  const service = silentService(state, now);
  return service ? unreadableReading(service) : mergeFrames(Object.values(state.frames));
}

export function createTabViews(deps: TabDeps) {
  const { browser, store } = deps;
  const userBrowser = browserFromUserAgent(deps.userAgent);

  const localeFor = ({ policy }: EffectivePolicy): Locale => pickLocale(policy.locale, browser.i18n.getUILanguage());

  async function tabView(tabId: number, policy?: EffectivePolicy): Promise<TabView> {
    const [state, parsedPolicy] = await Promise.all([store.loadTab(tabId), policy ?? deps.policy()]);
    const snapshot = readingOf(state, Date.now());
    const builtIn = services.find((service) => service.id === snapshot?.service);
    const custom = parsedPolicy.policy.customServices.find((service) => service.id === snapshot?.service);
    const memory = await store.loadMemory(snapshot ? meetingKey(snapshot, state.url, state.visit) : null);
    return buildTabView({
      tabId,
      snapshot,
      serviceName: builtIn?.name ?? custom?.name,
      serviceNeverShown: builtIn?.neverShown,
      guardCoverage: builtIn && serviceCoverage(builtIn, parsedPolicy.policy.selectorOverrides[builtIn.id]),
      url: state.url,
      parsedPolicy,
      browser: userBrowser,
      external: snapshot && state.url ? externalFor(state.url, snapshot, parsedPolicy) : undefined,
      memory,
      visit: state.visit,
      now: Date.now(),
    });
  }

  function externalFor(url: string, snapshot: { service: string }, { policy }: EffectivePolicy): boolean | undefined {
    try {
      return isExternalMeeting(new URL(url), snapshot, policy.internalDomains);
    } catch {
      return undefined;
    }
  }

  /**
   * Drops the readings of frames whose document is gone (a reloaded Zoom or Webex meeting iframe, a
   * frame removed): a dead frame's 'off' must not stand for the live page. Only "no receiver" counts
   * as gone: a live frame's reading is never dropped on a passing error.
   */
  async function dropDeadFrames(tabId: number): Promise<void> {
    const state = await store.loadTab(tabId);
    const probe: BackgroundProbe = { type: 'frame-check' };
    const dead: string[] = [];
    await Promise.all(
      Object.keys(state.frames).map(async (frameId) => {
        const documentId = state.documents?.[frameId];
        try {
          await browser.tabs.sendMessage(tabId, probe, documentId ? { documentId } : { frameId: Number(frameId) });
        } catch (error) {
          if (GONE.test(String(error))) dead.push(frameId);
        }
      }),
    );
    if (!dead.length) return;
    await store.updateTab(tabId, (current) => {
      const frames = { ...current.frames };
      const documents = { ...current.documents };
      for (const frameId of dead) {
        // Only if the same document is still on file (a new one may have reported meanwhile).
        if (documents[frameId] !== state.documents?.[frameId]) continue;
        delete frames[frameId];
        delete documents[frameId];
      }
      return { ...current, frames, documents };
    });
  }

  /** Badge, banner and record follow the tab's view; called after anything that can change it. */
  async function refreshTab(tabId: number): Promise<TabView> {
    const parsedPolicy = await deps.policy();
    await dropDeadFrames(tabId);
    const view = await tabView(tabId, parsedPolicy);
    const message = await bannerMessage(view, parsedPolicy);
    // Before the badge: once it shows, the guard is in place (the message below then reaches it at once).
    await injectUi(tabId, message);
    const count = view.warnings.length;
    await browser.action.setBadgeText({ tabId, text: count ? String(count) : '' }).catch(() => undefined);
    if (count) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(() => undefined);
    // Every frame: the banner is the top frame's, but the guard acts where the control is (Zoom's iframe).
    // Sent without a snapshot too, so a page that left its meeting (Teams, in place) clears its banner.
    await browser.tabs.sendMessage(tabId, message).catch(() => {
      // The tab has no content script yet (still loading) or any more: the next snapshot brings it.
    });
    await recordSilentPage(tabId, view);
    await recordIfChanged(tabId, view, parsedPolicy);
    // An open popup or options page follows the tab live; with none open there is no receiver.
    const changed: BackgroundToUi = { type: 'tab-view-changed', tabId };
    await browser.runtime.sendMessage(changed).catch(() => undefined);
    return view;
  }

  /**
   * Injects the in-page UI into the frames that need it (framesNeedingUi) and remembers which start of each
   * frame's runner got it. A frame that cannot take it (gone meanwhile, no permission) is not tried again for
   * that start; no failure here stops the refresh.
   */
  async function injectUi(tabId: number, message: BackgroundToContent): Promise<void> {
    const state = await store.loadTab(tabId);
    const frameIds = framesNeedingUi(state, message);
    if (!frameIds.length) return;
    // One call per frame: in one call, a frame that fails would fail the others.
    await Promise.all(
      frameIds.map(async (frameId) => {
        try {
          await browser.scripting.executeScript({
            target: { tabId, frameIds: [Number(frameId)] },
            files: [UI_SCRIPT_FILE],
          });
        } catch {
          // Gone or not ours to script: its next document, if any, starts its runner afresh and is tried then.
        }
      }),
    );
    await store.updateTab(tabId, (current) => {
      const uiInjected = { ...current.uiInjected };
      for (const frameId of frameIds) uiInjected[frameId] = startOf(state, frameId);
      return { ...current, uiInjected };
    });
  }

  /** A silent service page, once per document: admins learn that a vendor changed its page (the record has the version). */
  async function recordSilentPage(tabId: number, view: TabView): Promise<void> {
    if (!view.snapshot?.unreadable) return;
    const state = await store.loadTab(tabId);
    if (!silentService(state, Date.now())) return;
    await recordOnce(tabId, {
      event: 'page-unreadable',
      service: view.snapshot.service,
      detail: addressPattern(state.url ?? ''),
    });
  }

  async function bannerMessage(view: TabView, parsedPolicy: EffectivePolicy): Promise<BackgroundToContent> {
    const locale = localeFor(parsedPolicy);
    return {
      type: 'warnings',
      locale,
      warnings: view.warnings.map((id) => ({
        id,
        clause: WARNING_CLAUSE[id],
        clauseText: t(locale, `clause_${WARNING_CLAUSE[id]}`),
        title: t(locale, `warning_${id}_title`),
        advice: t(locale, `warning_${id}_advice`),
      })),
      dismissed: await store.loadDismissed(view.meetingKey),
      labels: {
        heading: t(locale, 'bannerHeading'),
        dismiss: t(locale, 'dismiss'),
        procedure: t(locale, 'procedureLink'),
        clause: t(locale, 'clause'),
        minimize: t(locale, 'minimize'),
      },
      procedureUrl: view.procedureUrl,
      guard: { mode: view.e2eBreakingFeatures, sensitive: (view.classification?.value ?? 2) >= 2 },
      guardLabels: {
        confirmTitle: t(locale, 'guard_confirmTitle'),
        blockTitle: t(locale, 'guard_blockTitle'),
        confirmBody: t(locale, 'guard_confirmBody'),
        blockBody: t(locale, 'guard_blockBody'),
        proceed: t(locale, 'guard_proceed'),
        cancel: t(locale, 'guard_cancel'),
        close: t(locale, 'dismiss'),
        clause: t(locale, 'clause'),
        clauseText: t(locale, 'clause_21-no-e2e-breaking'),
      },
      featureNames: {
        recording: t(locale, 'signal_recording'),
        transcription: t(locale, 'signal_transcription'),
        translation: t(locale, 'signal_translation'),
        'ai-notes': t(locale, 'signal_aiNotes'),
      },
    };
  }

  async function recordIfChanged(tabId: number, view: TabView, parsedPolicy: EffectivePolicy): Promise<void> {
    const { snapshot, classification } = view;
    if (!snapshot || !classification) return;
    const signature = JSON.stringify([view.meetingKey, classification.value, view.warnings]);
    const state = await store.loadTab(tabId);
    if (state.recorded === signature) return;
    await store.updateTab(tabId, (current) => ({ ...current, recorded: signature }));
    await deps.recorder.record({
      event: 'warnings',
      service: snapshot.service,
      meetingId: snapshot.meetingId,
      title: snapshot.title,
      classification: classification.value,
      classificationSource: classification.source,
      warnings: view.warnings,
      // Made under the strict pending policy (src/policy/pending.ts), before the admin's was known: said so.
      detail: parsedPolicy.pending ? `${warningsDetail(view)} policy=pending` : warningsDetail(view),
      // The merged frames' evidence: which table keys the reading rests on (traceable, patchable).
      evidence: snapshot.evidence,
    });
  }

  /**
   * The checklist's statuses, then which unread signals are our gap (`not-read-yet`: the page shows them,
   * we do not read them yet) and which the service never shows in a browser (`never-shown`, a vendor fact):
   * an auditor tells "Meeting Guard could not see it" from "nobody could".
   */
  function warningsDetail(view: TabView): string {
    const parts = view.checklist.map((item) => `${item.id}=${item.status}`);
    if (view.notReadYet.length) parts.push(`not-read-yet=${view.notReadYet.join(',')}`);
    if (view.neverShown.length) parts.push(`never-shown=${view.neverShown.join(',')}`);
    return parts.join(' ');
  }

  /** Adds a record about the tab's meeting. */
  async function recordForTab(view: TabView, entry: MeetingRecord): Promise<void> {
    const { snapshot } = view;
    await deps.recorder.record({
      service: snapshot?.service,
      meetingId: snapshot?.meetingId,
      title: snapshot?.title,
      ...entry,
    });
  }

  /** Records an event about the tab's current document once (a silent page, an adapter that kept failing). */
  async function recordOnce(tabId: number, entry: NewRecord): Promise<void> {
    let first = false;
    await store.updateTab(tabId, (state) => {
      first = !state.recordedOnce?.includes(entry.event);
      return first ? { ...state, recordedOnce: [...(state.recordedOnce ?? []), entry.event] } : state;
    });
    if (first) await deps.recorder.record(entry);
  }

  /**
   * Says whether the tab's page could not be read, or, without a reading yet, whether the tab is on a
   * meeting service's site and its page has not reported (still loading): the popup then says it is
   * reading, not that this is no meeting. A page first seen now (the worker started after it loaded) is
   * timed from now.
   */
  async function withSiteHint(view: TabView, locale: Locale): Promise<PopupTabResponse> {
    if (view.snapshot?.unreadable) return { view, locale, onServiceSite: true, unreadablePage: true };
    if (view.snapshot || (await store.loadTab(view.tabId)).reported) return { view, locale };
    // tabs.get shows the address only for the meeting services' sites (host permissions), which is all we ask.
    const address = await browser.tabs
      .get(view.tabId)
      .then((tab) => tab.url)
      .catch(() => undefined);
    if (!serviceAt(address)) return { view, locale, onServiceSite: false };
    const state = await store.updateTab(view.tabId, (current) => ({
      ...current,
      url: current.url ?? address,
      loadingAt: current.loadingAt ?? Date.now(),
    }));
    if (!silentService(state, Date.now())) return { view, locale, onServiceSite: true, unreadablePage: false };
    return { view: await refreshTab(view.tabId), locale, onServiceSite: true, unreadablePage: true };
  }

  /**
   * Sends the admin's current tables to every running content script of a known tab, so a repaired
   * selector or a new notetaker name reaches open meetings without a reload (the content script
   * applies them at its next read).
   */
  async function pushTables(): Promise<void> {
    const { policy } = await deps.policy();
    const rules = await deps.rules?.();
    const all = await browser.storage.session.get(null);
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('tab:')) continue;
      const tabId = Number(key.slice(4));
      const state = value as { frames?: Record<string, { service?: string }>; url?: string };
      const service = Object.values(state.frames ?? {})[0]?.service ?? serviceAt(state.url);
      if (!service) continue;
      const message: BackgroundToContentTables = {
        type: 'tables',
        service,
        overrides: withRules(policy.selectorOverrides[service], rules, service),
        notetakerNames: notetakersWithRules(policy.notetakerNames, rules),
      };
      await browser.tabs.sendMessage(tabId, message).catch(() => undefined);
    }
  }

  async function refreshAllTabs(): Promise<void> {
    const all = await browser.storage.session.get(null);
    const tabIds = Object.keys(all)
      .filter((key) => key.startsWith('tab:'))
      .map((key) => Number(key.slice(4)));
    await Promise.all(tabIds.map((tabId) => refreshTab(tabId).catch(() => undefined)));
  }

  return {
    localeFor,
    tabView,
    refreshTab,
    recordForTab,
    recordOnce,
    withSiteHint,
    refreshAllTabs,
    dropDeadFrames,
    pushTables,
  };
}

export type TabViews = ReturnType<typeof createTabViews>;
