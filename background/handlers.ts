/**
 * Message handlers as typed maps, one per direction: every message type has exactly one handler, and
 * each handler's reply has the type the sender expects (ContentReplies, UiReplies). Their storage,
 * policy, browser, tab views, recorder and delivery are passed in (`HandlerDeps`), so the maps run
 * against fakes in unit tests. Messages arrive here already validated (src/messages.ts).
 */
import type { ContentReplies, ContentToBackground, OptionsResponse, UiReplies, UiToBackground } from '../src/messages';
import type { EffectivePolicy, UserSettings } from '../src/policy/effective';
import type { CustomService } from '../src/policy/policy';
import { addressPattern } from '../src/records';
import { notetakersWithRules, type RulesPayload, withRules } from '../src/rules-document';
import { matchesPattern, type Snapshot } from '../src/services/service';
import { mergeFrames, unreadableReading } from '../src/view';
import type { Delivery } from './delivery';
import type { RecordLog } from './record-log';
import { type ReportDeps, reportContentHandlers, reportUiHandlers } from './report-handlers';
import type * as realStore from './store';
import type { TabState } from './store';
import type { MeetingRecord, TabViews } from './tab-views';

export interface HandlerDeps {
  store: typeof realStore;
  policy: {
    current(): Promise<EffectivePolicy>;
    reread(): Promise<boolean>;
    saveUserSettings(settings: UserSettings): Promise<void>;
  };
  customServices: {
    granted(definitions: readonly CustomService[]): Promise<CustomService[]>;
    sync(definitions: readonly CustomService[]): Promise<void>;
  };
  tabs: TabViews;
  log: RecordLog;
  delivery: Delivery;
  /** After the policy may have changed: problems recorded, scripts and tabs refreshed. */
  policyChanged(): Promise<void>;
  /** The repair loop (issue 20): reports, the picker and the signed rules (background/report-handlers.ts). */
  report: ReportDeps;
  /** The signed rules in force, added to the policy's tables (src/rules-document.ts). */
  rules?(): Promise<RulesPayload | undefined>;
}

/** Where a content message came from (the browser's word, not the page's). */
export interface ContentSender {
  tabId: number;
  frameId: string;
  /** The reporting document (Chrome's documentId; absent where the browser does not say). */
  documentId?: string;
  url?: string;
  tabUrl?: string;
}

/**
 * The page visit a meeting without an id is remembered under: made with the tab's first report, and
 * made anew when the page leaves such a meeting (the next in-app Teams call at the same address is
 * another meeting, and must not inherit the last one's class mark or confirmations).
 */
export function nextVisit(visit: string | undefined, before: Snapshot | null, after: Snapshot | null): string {
  const leftIdlessMeeting =
    before !== null && before.phase === 'meeting' && !before.meetingId && (after === null || after.phase !== 'meeting');
  return visit && !leftIdlessMeeting ? visit : crypto.randomUUID();
}

/**
 * The tab with one frame's reading put in (or, with null, taken out), tied to the document that sent it;
 * the visit renews when the page leaves a meeting without an id.
 */
export function withReading(state: TabState, sender: ContentSender, reading: Snapshot | null): TabState {
  const frames = { ...state.frames };
  const documents = { ...state.documents };
  if (reading) frames[sender.frameId] = reading;
  else delete frames[sender.frameId];
  if (reading && sender.documentId) documents[sender.frameId] = sender.documentId;
  else delete documents[sender.frameId];
  return {
    ...state,
    frames,
    documents,
    visit: nextVisit(state.visit, mergeFrames(Object.values(state.frames)), mergeFrames(Object.values(frames))),
  };
}

type Handlers<M extends { type: string }, R extends Record<M['type'], unknown>, C> = {
  [K in M['type']]: (message: Extract<M, { type: K }>, context: C) => Promise<R[K]>;
};

export type ContentHandlers = Handlers<ContentToBackground, ContentReplies, ContentSender>;
export type UiHandlers = Handlers<UiToBackground, UiReplies, undefined>;

/** The first page of the options page's record list. */
export const FIRST_PAGE = 50;

export function contentHandlers(deps: HandlerDeps): ContentHandlers {
  const { store, tabs } = deps;
  return {
    ...reportContentHandlers(deps.report),
    async 'get-overrides'(message, sender) {
      // The frame's runner is starting (a new document, or a navigation): its in-page UI is to be injected afresh.
      await store.updateTab(sender.tabId, (state) => ({
        ...state,
        runnerStarts: { ...state.runnerStarts, [sender.frameId]: crypto.randomUUID() },
      }));
      const [{ policy }, rules] = await Promise.all([deps.policy.current(), deps.rules?.()]);
      return {
        overrides: withRules(policy.selectorOverrides[message.service], rules, message.service),
        notetakerNames: notetakersWithRules(policy.notetakerNames, rules),
      };
    },
    async 'get-custom-service'(message, sender) {
      // Only a granted custom service, and only for the page the message really came from.
      const { policy } = await deps.policy.current();
      let url: URL;
      try {
        url = new URL(sender.url ?? message.url);
      } catch {
        return null;
      }
      const granted = await deps.customServices.granted(policy.customServices);
      return granted.find((service) => service.matches.some((pattern) => matchesPattern(pattern, url))) ?? null;
    },
    async snapshot(message, sender) {
      await store.updateTab(sender.tabId, (state) => ({
        ...withReading(state, sender, message.snapshot),
        reported: true,
        url: sender.frameId === '0' ? sender.tabUrl : state.url,
      }));
      await tabs.refreshTab(sender.tabId);
      return undefined;
    },
    async 'frame-gone'(_message, sender) {
      // A document that went is no reason to drop its successor's reading (Chrome names the document).
      await store.updateTab(sender.tabId, (state) => {
        const onFile = state.documents?.[sender.frameId];
        return onFile && sender.documentId && onFile !== sender.documentId ? state : withReading(state, sender, null);
      });
      await tabs.refreshTab(sender.tabId);
      return undefined;
    },
    async 'adapter-error'(message, sender) {
      // The frame's adapter kept failing: what it knew of the meeting stays, every signal becomes unknown.
      await store.updateTab(sender.tabId, (state) => {
        const known = state.frames[sender.frameId];
        const reading = unreadableReading(message.service, known?.service === message.service ? known : null);
        return { ...withReading(state, sender, reading), reported: true };
      });
      await tabs.recordOnce(sender.tabId, {
        event: 'adapter-error',
        service: message.service,
        detail: addressPattern(sender.url ?? ''),
      });
      await tabs.refreshTab(sender.tabId);
      return undefined;
    },
    async 'dismiss-warning'(message, sender) {
      const view = await tabs.tabView(sender.tabId);
      if (view.meetingKey) await store.addDismissed(view.meetingKey, message.warning);
      await tabs.recordForTab(view, { event: 'dismissed', warnings: [message.warning] });
      await tabs.refreshTab(sender.tabId);
      return undefined;
    },
    async 'guard-decision'(message, sender) {
      await tabs.recordForTab(await tabs.tabView(sender.tabId), {
        event: 'guard',
        warnings: [message.warning],
        detail: message.trigger ? `${message.decision} (${message.trigger})` : message.decision,
      });
      return undefined;
    },
  };
}

export function uiHandlers(deps: HandlerDeps): UiHandlers {
  const { store, tabs } = deps;

  /**
   * Changes what is remembered for the tab's meeting (its class mark, a confirmation, an approval),
   * records the change, and answers with the tab's new view. The record is stored before the answer;
   * sending it is not awaited.
   */
  async function changeMeeting(tabId: number, change: (meetingKey: string) => Promise<void>, entry: MeetingRecord) {
    const locale = tabs.localeFor(await deps.policy.current());
    const view = await tabs.tabView(tabId);
    if (!view.meetingKey) return { view, locale };
    await change(view.meetingKey);
    await tabs.recordForTab(view, entry);
    return { view: await tabs.refreshTab(tabId), locale };
  }

  async function optionsView(): Promise<OptionsResponse> {
    const parsedPolicy = await deps.policy.current();
    const [installation, delivery, page] = await Promise.all([
      store.installationId(),
      deps.delivery.status(),
      deps.log.page(0, FIRST_PAGE),
    ]);
    return {
      parsedPolicy,
      locale: tabs.localeFor(parsedPolicy),
      installation,
      delivery,
      records: { ...page, offset: 0 },
    };
  }

  return {
    ...reportUiHandlers(deps.report),
    async 'get-tab-view'(message) {
      // The popup opening is a good moment to notice a policy that arrived late after start-up.
      if (await deps.policy.reread()) await deps.policyChanged();
      const locale = tabs.localeFor(await deps.policy.current());
      return tabs.withSiteHint(await tabs.refreshTab(message.tabId), locale);
    },
    async 'peek-tab-view'(message) {
      const locale = tabs.localeFor(await deps.policy.current());
      return tabs.withSiteHint(await tabs.tabView(message.tabId), locale);
    },
    'set-classification': (message) =>
      changeMeeting(message.tabId, (key) => store.setClassification(key, message.classification, message.always), {
        event: 'classification',
        classification: message.classification ?? undefined,
        // "Always for this meeting" is the person's choice to keep the mark beyond today: recorded as such.
        ...(message.always ? { detail: 'always' } : {}),
      }),
    'confirm-item': (message) =>
      changeMeeting(message.tabId, (key) => store.setConfirmed(key, message.item, message.confirmed), {
        event: 'confirmed',
        detail: `${message.item}=${message.confirmed}`,
      }),
    'set-approval': (message) =>
      changeMeeting(
        message.tabId,
        (key) => store.updateMemory(key, (memory) => ({ ...memory, approval: message.approval || undefined })),
        { event: 'approval', detail: message.approval },
      ),
    async 'get-options-view'() {
      if (await deps.policy.reread()) await deps.policyChanged();
      return optionsView();
    },
    async 'get-records'(message) {
      return { ...(await deps.log.page(message.offset, message.limit)), offset: message.offset };
    },
    async 'export-records'() {
      return { records: await deps.log.all() };
    },
    async 'set-user-settings'(message) {
      await deps.policy.saveUserSettings(message.settings);
      await tabs.refreshAllTabs();
      return optionsView();
    },
    async 'custom-services-changed'() {
      await deps.customServices.sync((await deps.policy.current()).policy.customServices);
      return { ok: true as const };
    },
  };
}

/** Runs the handler of a message's type (the maps cover every type, so the lookup cannot miss). */
export function dispatch<M extends { type: string }, C>(
  handlers: { [K in M['type']]: (message: Extract<M, { type: K }>, context: C) => Promise<unknown> },
  message: M,
  context: C,
): Promise<unknown> {
  const handler = handlers[message.type as M['type']] as (message: M, context: C) => Promise<unknown>;
  return handler(message, context);
}
