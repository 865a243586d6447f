/** The popup's and options page's only way to background: typed messages (src/messages.ts). */
import { browser } from '../background/browser';
import type { CheckId } from '../src/ids';
import type { OptionsResponse, PopupTabResponse, PopupToBackground } from '../src/messages';
import type { Classification } from '../src/policy/policy';

const send = <T>(message: PopupToBackground) => browser.runtime.sendMessage(message) as Promise<T>;

export interface PopupApi {
  getTabView(tabId: number): Promise<PopupTabResponse>;
  setClassification(tabId: number, classification: Classification | null): Promise<PopupTabResponse>;
  confirmItem(tabId: number, item: CheckId, confirmed: boolean): Promise<PopupTabResponse>;
  setApproval(tabId: number, approval: string): Promise<PopupTabResponse>;
}

export const backgroundApi: PopupApi = {
  getTabView: (tabId) => send({ type: 'get-tab-view', tabId }),
  setClassification: (tabId, classification) => send({ type: 'set-classification', tabId, classification }),
  confirmItem: (tabId, item, confirmed) => send({ type: 'confirm-item', tabId, item, confirmed }),
  setApproval: (tabId, approval) => send({ type: 'set-approval', tabId, approval }),
};

export const optionsApi = {
  get: () => send<OptionsResponse>({ type: 'get-options-view' }),
  clearRecords: () => send<{ ok: boolean }>({ type: 'clear-records' }),
};

/** `?tab=<id>` shows a given tab (tests and the options page use it); else the active tab. */
export async function targetTabId(search: string): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}
