/**
 * Service worker (an event page in Firefox): wires the jobs together and registers every listener
 * synchronously at top level. Each job is its own module: tab views and badge (tab-views.ts),
 * message handlers (handlers.ts), the record log and its delivery (record-log.ts, recorder.ts,
 * delivery.ts), the policy (policy-source.ts, with its lifecycle below). Every handler loads what it
 * needs from storage, so a stopped and restarted worker loses nothing (a MV3 worker is stopped when idle).
 */

import { validateContentMessage, validateUiMessage } from '../src/messages';
import { policyReport } from '../src/records';
import { browserFromUserAgent } from '../src/view';
import { browser, type Runtime } from './browser';
import { grantedServices, syncCustomScripts } from './custom-services';
import { createDelivery, DELIVERY_ALARM, postRecords } from './delivery';
import { contentHandlers, dispatch, type HandlerDeps, uiHandlers } from './handlers';
import { adminPolicy, currentPolicy, onLatePolicy, rereadPolicy, saveUserSettings } from './policy-source';
import { RecordLog } from './record-log';
import { createRecorder } from './recorder';
import { createRules, fetchRulesText, RULES_ALARM, RULES_PERIOD_MINUTES, type RulesStatus } from './rules-fetch';
import * as store from './store';
import { createTabViews, UNREADABLE_AFTER_MS } from './tab-views';

const version = browser.runtime.getManifest().version;
const log = new RecordLog();

const delivery = createDelivery({
  log,
  async target() {
    const { policy } = await currentPolicy();
    return { endpoint: policy.reportEndpoint, token: policy.reportToken };
  },
  meta: async () => ({ version, installation: await store.installationId() }),
  post: postRecords,
  async schedule(delayMs) {
    if (delayMs === null) await browser.alarms.clear(DELIVERY_ALARM);
    // Chrome's shortest alarm is 30 s; the first retry (30 s) is within a minute as promised.
    else await browser.alarms.create(DELIVERY_ALARM, { delayInMinutes: Math.max(delayMs, 30_000) / 60_000 });
  },
  loadState: store.loadDeliveryState,
  saveState: store.saveDeliveryState,
  record: (entry) => recorder.record(entry),
  now: () => Date.now(),
});

const recorder = createRecorder({
  log,
  policy: currentPolicy,
  installation: store.installationId,
  version,
  appended() {
    void delivery.run('record').catch(() => undefined);
    void browser.runtime.sendMessage({ type: 'records-changed' }).catch(() => undefined);
  },
  hold: store.holdForPolicy,
  takeHeld: store.takeHeldForPolicy,
});

const rules = createRules({
  policy: currentPolicy,
  fetchText: fetchRulesText,
  load: async () => ((await browser.storage.local.get(RULES_STATE))[RULES_STATE] ?? {}) as RulesState,
  save: (state) => browser.storage.local.set({ [RULES_STATE]: state }),
  // New rules reach open meetings at once, as a policy change does.
  async changed() {
    await tabs.pushTables().catch(() => undefined);
    await tabs.refreshAllTabs();
  },
  now: () => Date.now(),
});

const tabs = createTabViews({
  browser,
  store,
  policy: currentPolicy,
  recorder,
  userAgent: navigator.userAgent,
  rules: rules.inForce,
});

const deps: HandlerDeps = {
  store,
  policy: { current: currentPolicy, reread: rereadPolicy, saveUserSettings },
  customServices: { granted: grantedServices, sync: syncCustomScripts },
  tabs,
  log,
  delivery,
  policyChanged,
  rules: rules.inForce,
  report: { browser, store, policy: currentPolicy, recorder, locale: tabs.localeFor, rules },
};
const forContent = contentHandlers(deps);
const forUi = uiHandlers(deps);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  // Our own pages (popup, options) have an extension URL; content scripts come from a tab's page.
  const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('')) ?? false;
  if (fromExtensionPage) {
    const parsed = validateUiMessage(message);
    return parsed ? dispatch(forUi, parsed, undefined) : undefined;
  }
  const tabId = sender.tab?.id;
  const parsed = validateContentMessage(message);
  if (!parsed || tabId === undefined || tabId < 0) return undefined;
  return dispatch(forContent, parsed, {
    tabId,
    frameId: String(sender.frameId ?? 0),
    documentId: sender.documentId,
    url: sender.url,
    tabUrl: sender.tab?.url,
  });
});

// ---- Policy lifecycle ------------------------------------------------------------------------

const RULES_STATE = 'rulesState';
type RulesState = Omit<RulesStatus, 'url'>;

/**
 * Signed rules (background/rules-fetch.ts): fetched when the policy names (another) rulesUrl, at start-up, and
 * every few hours by an alarm kept while the policy names one. The last good copy stays meanwhile.
 */
async function scheduleRules(rulesUrl: string): Promise<void> {
  if (!rulesUrl) {
    await browser.alarms.clear(RULES_ALARM);
    return;
  }
  const { lastRulesUrl } = await browser.storage.local.get('lastRulesUrl');
  const alarm = await browser.alarms.get(RULES_ALARM);
  if (!alarm)
    await browser.alarms.create(RULES_ALARM, {
      delayInMinutes: RULES_PERIOD_MINUTES,
      periodInMinutes: RULES_PERIOD_MINUTES,
    });
  if (lastRulesUrl !== rulesUrl || !alarm) {
    await browser.storage.local.set({ lastRulesUrl: rulesUrl });
    void rules.refresh().catch(() => undefined);
  }
}

const LAST_ENDPOINT = 'lastEndpoint';

async function recordPolicyInEffect(parsed: Awaited<ReturnType<typeof currentPolicy>>): Promise<void> {
  const userBrowser = browserFromUserAgent(navigator.userAgent);
  const { report, digest } = await policyReport(parsed, userBrowser ? `${userBrowser.name} ${userBrowser.major}` : '');
  const { reportedPolicy } = await browser.storage.local.get('reportedPolicy');
  if (reportedPolicy === digest) return;
  await recorder.record({ event: 'policy', detail: digest, evidence: report });
  await browser.storage.local.set({ reportedPolicy: digest });
}

/** After the policy may have changed: its problems into the record, delivery, custom services' scripts, every tab. */
async function policyChanged(): Promise<void> {
  const parsed = await currentPolicy();
  const detail = parsed.problems.map((problem) => `${problem.path}: ${problem.reason} (${problem.value})`).join('; ');
  // Recorded once per set of problems, not again at every start-up or permission change.
  const { recordedProblems, [LAST_ENDPOINT]: lastEndpoint } = await browser.storage.local.get([
    'recordedProblems',
    LAST_ENDPOINT,
  ]);
  if (detail && detail !== recordedProblems) await recorder.record({ event: 'policy-problems', detail });
  // The token counts too: a fixed token is a fixed endpoint, and what it refused is offered again at once.
  const target = `${parsed.policy.reportEndpoint} ${parsed.policy.reportToken}`;
  await browser.storage.local.set({ recordedProblems: detail, [LAST_ENDPOINT]: target });
  // The policy in effect, reported to the collector once each time it changes (its fleet page compares them).
  if (parsed.policy.reportEndpoint && !parsed.pending) await recordPolicyInEffect(parsed);
  // Records made before the policy was known go to its endpoint now (or stay here only, where it names none).
  const released = await recorder.release(parsed).catch(() => 0);
  if (target !== lastEndpoint || (released && parsed.policy.reportEndpoint))
    void delivery.run('endpoint').catch(() => undefined);
  // The pending policy knows no custom services: the admin's registered scripts stay until the policy answers.
  if (!parsed.pending) await syncCustomScripts(parsed.policy.customServices).catch(() => undefined);
  await scheduleRules(parsed.policy.rulesUrl);
  await tabs.pushTables().catch(() => undefined);
  await tabs.refreshAllTabs();
}

browser.storage.onChanged.addListener((_changes, area) => {
  // Admin policy changed or was removed (newValue undefined): read it again and re-evaluate.
  if (area === 'managed') void rereadPolicy({ settle: true }).then(policyChanged);
});
onLatePolicy(() => void policyChanged());
browser.permissions.onAdded.addListener(() => void policyChanged());
browser.permissions.onRemoved.addListener(() => void policyChanged());
browser.runtime.onStartup.addListener(() => {
  void policyChanged();
  void rules.refresh().catch(() => undefined);
  void delivery.run('startup').catch(() => undefined);
});
browser.runtime.onInstalled.addListener(() => void policyChanged());

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === DELIVERY_ALARM) void delivery.run('alarm').catch(() => undefined);
  if (alarm.name === RULES_ALARM) void rules.refresh().catch(() => undefined);
});

browser.tabs.onRemoved.addListener((tabId) => void store.forgetTab(tabId));
browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new document in the tab: its content script will report afresh. The address is only told for the
  // meeting services' sites (host permissions), a new visit keys a meeting without an id.
  const url = change.url;
  if (change.status !== 'loading' || !url) return;
  void store
    .forgetTab(tabId)
    .then(() =>
      store.updateTab(tabId, (state) => ({ ...state, url, loadingAt: Date.now(), visit: crypto.randomUUID() })),
    )
    .then(() => tabs.refreshTab(tabId));
  // A service's page still silent by then cannot be read: the badge and the record say so without waiting
  // for the popup (the worker is kept alive this long by the event it is handling).
  setTimeout(() => void tabs.refreshTab(tabId).catch(() => undefined), UNREADABLE_AFTER_MS + 500);
});

// Managed storage can be empty at start-up and fill later without onChanged (w3c/webextensions#547).
// The last of these reads settles an empty answer as "no policy" (the kept one is used until then).
for (const [delay, settle] of [
  [2_000, false],
  [10_000, false],
  [20_000, true],
] as const)
  setTimeout(async () => {
    if (await rereadPolicy({ settle })) await policyChanged();
  }, delay);

// Read the policy early, so the kept one is ready for the first message.
void adminPolicy();
