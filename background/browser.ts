/**
 * The one import of webextension-polyfill: background, popup and options import
 * `browser` from here, so swapping the polyfill for the native `browser` is a one-line change. Content
 * scripts use the browsers' own API (content/browser.ts) to stay small.
 */
import browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';
export { browser };
