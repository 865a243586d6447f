/** The popup's and options page's only way to background: typed messages (src/messages.ts). */
import { browser } from '../background/browser';
import type { CheckId } from '../src/ids';
import {
  type OptionsResponse,
  type PopupTabResponse,
  type RecordsPage,
  type UiReplies,
  type UiToBackground,
  validateBackgroundToUi,
} from '../src/messages';
import type { UserSettings } from '../src/policy/effective';
import type { Classification } from '../src/policy/policy';
import type { RulesStatus } from '../src/rules-document';
import type { ReportApi } from './Report';

/** A request and its typed reply (UiReplies says what background answers each type with). */
const send = <M extends UiToBackground>(message: M) =>
  browser.runtime.sendMessage(message) as Promise<UiReplies[M['type']]>;

export interface PopupApi {
  getTabView(tabId: number): Promise<PopupTabResponse>;
  /** The tab's view without side effects (no policy re-read, no badge refresh): for live updates. */
  peekTabView(tabId: number): Promise<PopupTabResponse>;
  /** Calls back with a tab id whenever background re-evaluates that tab; returns the unsubscribe. */
  onTabChanged(listener: (tabId: number) => void): () => void;
  /** `always`: keep this mark for this meeting beyond today (recorded). */
  setClassification(tabId: number, classification: Classification | null, always?: boolean): Promise<PopupTabResponse>;
  confirmItem(tabId: number, item: CheckId, confirmed: boolean): Promise<PopupTabResponse>;
  setApproval(tabId: number, approval: string): Promise<PopupTabResponse>;
  /** The repair loop (issue 20); absent in tests that do not use it. */
  report?: ReportApi;
}

export const backgroundApi: PopupApi = {
  getTabView: (tabId) => send({ type: 'get-tab-view', tabId }),
  peekTabView: (tabId) => send({ type: 'peek-tab-view', tabId }),
  onTabChanged(listener) {
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return;
      const parsed = validateBackgroundToUi(message);
      if (parsed?.type === 'tab-view-changed') listener(parsed.tabId);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  },
  setClassification: (tabId, classification, always) =>
    send({ type: 'set-classification', tabId, classification, ...(always ? { always } : {}) }),
  confirmItem: (tabId, item, confirmed) => send({ type: 'confirm-item', tabId, item, confirmed }),
  setApproval: (tabId, approval) => send({ type: 'set-approval', tabId, approval }),
  report: {
    capture: (tabId) => send({ type: 'capture-report', tabId }),
    send: (tabId, report) => send({ type: 'send-report', tabId, report }),
    startPicker: (tabId, signal) => send({ type: 'start-picker', tabId, signal }),
  },
};

export const optionsApi = {
  get: (): Promise<OptionsResponse> => send({ type: 'get-options-view' }),
  records: (offset: number, limit: number): Promise<RecordsPage> => send({ type: 'get-records', offset, limit }),
  exportRecords: async () => (await send({ type: 'export-records' })).records,
  /** Calls back when records were added (delivery status and the list may have changed); returns the unsubscribe. */
  onRecordsChanged(listener: () => void) {
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id === browser.runtime.id && validateBackgroundToUi(message)?.type === 'records-changed') listener();
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  },
  granted: (origins: string[]) => browser.permissions.contains({ origins }),
  async grant(origins: string[]) {
    const ok = await browser.permissions.request({ origins });
    if (ok) await send({ type: 'custom-services-changed' });
    return ok;
  },
  setUserSettings: (settings: UserSettings): Promise<OptionsResponse> => send({ type: 'set-user-settings', settings }),
  rules: (): Promise<RulesStatus> => send({ type: 'get-rules' }),
  refreshRules: (): Promise<RulesStatus> => send({ type: 'refresh-rules' }),
};

/** `?tab=<id>` shows a given tab (tests and the options page use it); else the active tab. */
export async function targetTabId(search: string): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}
