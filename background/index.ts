/**
 * Service worker (an event page in Firefox): per-tab state, badge, policy, records. Listeners are
 * registered synchronously at top level, and every handler loads what it needs from storage, so a
 * stopped and restarted worker loses nothing (style.md rule 6).
 */

import { isExternalMeeting } from '../src/external';
import { serviceCoverage } from '../src/guard-coverage';
import { type Locale, pickLocale, t } from '../src/i18n';
import {
  type BackgroundToContent,
  type OptionsResponse,
  type PopupTabResponse,
  type PopupToBackground,
  validateContentMessage,
  validatePopupMessage,
} from '../src/messages';
import type { EffectivePolicy } from '../src/policy/effective';
import type { RecordEntry } from '../src/records';
import { WARNING_CLAUSE } from '../src/rules';
import { serviceForUrl, services } from '../src/services';
import { matchesPattern } from '../src/services/service';
import { browserFromUserAgent, buildTabView, meetingKey, mergeFrames, type TabView } from '../src/view';
import { browser, type Runtime } from './browser';
import { grantedServices, syncCustomScripts } from './custom-services';
import { currentPolicy, rereadPolicy, saveUserSettings } from './policy-source';
import * as store from './store';

const BADGE_COLOR = '#b3261e';
const userBrowser = browserFromUserAgent(navigator.userAgent);

function localeFor({ policy }: EffectivePolicy): Locale {
  return pickLocale(policy.locale, browser.i18n.getUILanguage());
}

async function tabView(tabId: number, policy?: EffectivePolicy): Promise<TabView> {
  const [state, parsedPolicy] = await Promise.all([store.loadTab(tabId), policy ?? currentPolicy()]);
  const snapshot = mergeFrames(Object.values(state.frames));
  const builtIn = services.find((service) => service.id === snapshot?.service);
  const custom = parsedPolicy.policy.customServices.find((service) => service.id === snapshot?.service);
  const memory = await store.loadMemory(snapshot ? meetingKey(snapshot, state.url) : null);
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
  });
}

function externalFor(url: string, snapshot: { service: string }, { policy }: EffectivePolicy): boolean | undefined {
  try {
    return isExternalMeeting(new URL(url), snapshot, policy.internalDomains);
  } catch {
    return undefined;
  }
}

/** Badge, banner and record follow the tab's view; called after anything that can change it. */
async function refreshTab(tabId: number): Promise<TabView> {
  const parsedPolicy = await currentPolicy();
  const view = await tabView(tabId, parsedPolicy);
  const count = view.warnings.length;
  await browser.action.setBadgeText({ tabId, text: count ? String(count) : '' }).catch(() => undefined);
  if (count) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(() => undefined);
  // Every frame: the banner is the top frame's, but the guard acts where the control is (Zoom's iframe).
  // Sent without a snapshot too, so a page that left its meeting (Teams, in place) clears its banner.
  await browser.tabs.sendMessage(tabId, await bannerMessage(view, parsedPolicy)).catch(() => {
    // The tab has no content script yet (still loading) or any more: the next snapshot brings it.
  });
  await recordIfChanged(tabId, view, parsedPolicy);
  // An open popup or options page follows the tab live; with none open there is no receiver.
  await browser.runtime.sendMessage({ type: 'tab-view-changed', tabId }).catch(() => undefined);
  return view;
}

async function bannerMessage(view: TabView, parsedPolicy: EffectivePolicy): Promise<BackgroundToContent> {
  const locale = localeFor(parsedPolicy);
  return {
    type: 'warnings',
    locale,
    warnings: view.warnings.map((id) => ({
      id,
      clause: WARNING_CLAUSE[id],
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
  await store.appendRecord(
    {
      event: 'warnings',
      service: snapshot.service,
      meetingId: snapshot.meetingId,
      title: snapshot.title,
      classification: classification.value,
      classificationSource: classification.source,
      warnings: view.warnings,
      detail: view.checklist.map((item) => `${item.id}=${item.status}`).join(' '),
    },
    parsedPolicy.policy,
  );
}

async function handleContent(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id;
  const parsed = validateContentMessage(message);
  if (!parsed || tabId === undefined || tabId < 0) return undefined;
  const frameId = String(sender.frameId ?? 0);
  switch (parsed.type) {
    case 'get-overrides': {
      const { policy } = await currentPolicy();
      return { overrides: policy.selectorOverrides[parsed.service] ?? {}, notetakerNames: policy.notetakerNames };
    }
    case 'get-custom-service': {
      // Only a granted custom service, and only for the page the message really came from.
      const { policy } = await currentPolicy();
      let url: URL;
      try {
        url = new URL(sender.url ?? parsed.url);
      } catch {
        return null;
      }
      const granted = await grantedServices(policy.customServices);
      return granted.find((service) => service.matches.some((pattern) => matchesPattern(pattern, url))) ?? null;
    }
    case 'snapshot':
      await store.updateTab(tabId, (state) => {
        const frames = { ...state.frames };
        if (parsed.snapshot) frames[frameId] = parsed.snapshot;
        else delete frames[frameId];
        return { ...state, frames, reported: true, url: frameId === '0' ? sender.tab?.url : state.url };
      });
      await refreshTab(tabId);
      return undefined;
    case 'dismiss-warning': {
      const view = await tabView(tabId);
      if (view.meetingKey) await store.addDismissed(view.meetingKey, parsed.warning);
      await recordForTab(view, { event: 'dismissed', warnings: [parsed.warning] });
      await refreshTab(tabId);
      return undefined;
    }
    case 'guard-decision':
      await recordForTab(await tabView(tabId), {
        event: 'guard',
        warnings: [parsed.warning],
        detail: parsed.trigger ? `${parsed.decision} (${parsed.trigger})` : parsed.decision,
      });
      return undefined;
  }
}

/** Adds a record about the tab's meeting, under the policy's retention and endpoint. */
async function recordForTab(view: TabView, entry: Omit<RecordEntry, 'at' | 'service' | 'meetingId' | 'title'>) {
  const { snapshot } = view;
  await store.appendRecord(
    { service: snapshot?.service, meetingId: snapshot?.meetingId, title: snapshot?.title, ...entry },
    (await currentPolicy()).policy,
  );
}

/**
 * Changes what is remembered for the tab's meeting (its class mark, a confirmation, an approval),
 * records the change, and answers the popup with the tab's new view.
 */
async function changeMeeting(
  tabId: number,
  locale: Locale,
  change: (meetingKey: string) => Promise<void>,
  entry: Omit<RecordEntry, 'at' | 'service' | 'meetingId' | 'title'>,
): Promise<PopupTabResponse> {
  const view = await tabView(tabId);
  if (!view.meetingKey) return { view, locale };
  await change(view.meetingKey);
  await recordForTab(view, entry);
  return { view: await refreshTab(tabId), locale };
}

async function handlePopup(message: PopupToBackground): Promise<unknown> {
  const parsedPolicy = await currentPolicy();
  const locale = localeFor(parsedPolicy);
  switch (message.type) {
    case 'get-tab-view':
      // The popup opening is a good moment to notice a policy that arrived late after start-up.
      if (await rereadPolicy()) await policyChanged();
      return withSiteHint(await refreshTab(message.tabId), locale);
    case 'peek-tab-view':
      return withSiteHint(await tabView(message.tabId), locale);
    case 'set-classification':
      return changeMeeting(message.tabId, locale, (key) => store.setClassification(key, message.classification), {
        event: 'classification',
        classification: message.classification ?? undefined,
      });
    case 'confirm-item':
      return changeMeeting(message.tabId, locale, (key) => store.setConfirmed(key, message.item, message.confirmed), {
        event: 'confirmed',
        detail: `${message.item}=${message.confirmed}`,
      });
    case 'set-approval':
      return changeMeeting(
        message.tabId,
        locale,
        (key) => store.updateMemory(key, (memory) => ({ ...memory, approval: message.approval || undefined })),
        { event: 'approval', detail: message.approval },
      );
    case 'get-options-view':
      await rereadPolicy();
      return optionsView(locale);
    case 'set-user-settings':
      await saveUserSettings(message.settings);
      await refreshAllTabs();
      return optionsView(locale);
    case 'custom-services-changed':
      await syncCustomScripts(parsedPolicy.policy.customServices);
      return { ok: true };
  }
}

/**
 * Without a snapshot, says whether the tab is on a meeting service's site and its page has not reported
 * yet (still loading): the popup then says it is reading, not that this is no meeting.
 */
async function withSiteHint(view: TabView, locale: Locale): Promise<PopupTabResponse> {
  if (view.snapshot || (await store.loadTab(view.tabId)).reported) return { view, locale };
  // tabs.get shows the address only for the meeting services' sites (host permissions), which is all we ask.
  const address = await browser.tabs
    .get(view.tabId)
    .then((tab) => tab.url)
    .catch(() => undefined);
  let onServiceSite = false;
  try {
    onServiceSite = Boolean(address && serviceForUrl(new URL(address)));
  } catch {
    // not a URL we know
  }
  return { view, locale, onServiceSite };
}

async function optionsView(locale: Locale): Promise<OptionsResponse> {
  return { parsedPolicy: await currentPolicy(), records: await store.loadRecords(), locale };
}

async function refreshAllTabs(): Promise<void> {
  const all = await browser.storage.session.get(null);
  const tabIds = Object.keys(all)
    .filter((key) => key.startsWith('tab:'))
    .map((key) => Number(key.slice(4)));
  await Promise.all(tabIds.map((tabId) => refreshTab(tabId).catch(() => undefined)));
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  // Our own pages (popup, options) have an extension URL; content scripts come from a tab's page.
  const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('')) ?? false;
  if (fromExtensionPage) {
    const parsed = validatePopupMessage(message);
    return parsed ? handlePopup(parsed) : undefined;
  }
  return handleContent(message, sender);
});

/** After the policy may have changed: its problems into the record, custom services' scripts, every tab. */
async function policyChanged(): Promise<void> {
  const parsed = await currentPolicy();
  const detail = parsed.problems.map((problem) => `${problem.path}: ${problem.reason} (${problem.value})`).join('; ');
  // Recorded once per set of problems, not again at every start-up or permission change.
  const { recordedProblems } = await browser.storage.local.get('recordedProblems');
  if (detail && detail !== recordedProblems)
    await store.appendRecord({ event: 'policy-problems', detail }, parsed.policy);
  await browser.storage.local.set({ recordedProblems: detail });
  await syncCustomScripts(parsed.policy.customServices).catch(() => undefined);
  await refreshAllTabs();
}

browser.storage.onChanged.addListener((_changes, area) => {
  // Admin policy changed or was removed (newValue undefined): read it again and re-evaluate.
  if (area === 'managed') void rereadPolicy().then(policyChanged);
});
browser.permissions.onAdded.addListener(() => void policyChanged());
browser.permissions.onRemoved.addListener(() => void policyChanged());
browser.runtime.onStartup.addListener(() => void policyChanged());
browser.runtime.onInstalled.addListener(() => void policyChanged());

browser.tabs.onRemoved.addListener((tabId) => void store.forgetTab(tabId));
browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new document in the tab: its content script will report afresh.
  if (change.status === 'loading' && change.url) void store.forgetTab(tabId).then(() => refreshTab(tabId));
});

// Managed storage can be empty at start-up and fill later without onChanged (w3c/webextensions#547).
for (const delay of [2_000, 10_000, 30_000])
  setTimeout(async () => {
    if (await rereadPolicy()) await policyChanged();
  }, delay);
