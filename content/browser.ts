/**
 * The extension API as content scripts use it: the browsers' own promise-returning `runtime` (Chrome
 * and Firefox both have it in MV3) instead of webextension-polyfill, which would be a third of every
 * per-service script for these three members. Background, popup and options keep the polyfill
 * (background/browser.ts).
 */

export interface MessageSender {
  id?: string;
}

interface Runtime {
  readonly id: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: (message: unknown, sender: MessageSender) => undefined): void };
}

/**
 * Firefox's `browser`, else Chromium's `chrome`. Checked, not assumed: a page element with id="browser"
 * shows through as `window.browser` in Chromium's isolated world too (named access on window).
 */
function nativeRuntime(): Runtime {
  const scope = globalThis as { browser?: { runtime?: Runtime }; chrome?: { runtime?: Runtime } };
  for (const candidate of [scope.browser, scope.chrome]) {
    if (typeof candidate?.runtime?.sendMessage === 'function') return candidate.runtime;
  }
  throw new Error('Meeting Guard: no extension runtime in this content script');
}

const native = nativeRuntime();

/** Chrome rejects when no listener answered; for a message that expects no answer that is not an error. */
const NO_ANSWER = 'message port closed before a response was received';

export const runtime = {
  get id(): string | undefined {
    return native.id;
  },
  /** Always a promise: an orphaned script (extension reloaded) gets a rejection, not a thrown error. */
  sendMessage(message: unknown): Promise<unknown> {
    try {
      return native.sendMessage(message).catch((error: unknown) => {
        if (error instanceof Error && error.message.includes(NO_ANSWER)) return undefined;
        throw error;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  },
  onMessage: native.onMessage,
};
