/**
 * Admin-defined services run where the person (or the admin) granted the site: their host
 * permission is optional, requested from the options page, and the content script is registered
 * for exactly the granted ones. Least privilege: nothing runs on a site no one granted.
 */
import type { CustomService } from '../src/policy/policy';
import { browser } from './browser';

const SCRIPT_ID = 'meeting-guard-custom-services';
/** The custom services' content script, built by vite.config.ts (the build test checks it is there). */
export const CONTENT_SCRIPT_FILE = 'content/entries/custom.js';

export async function grantedServices(definitions: readonly CustomService[]): Promise<CustomService[]> {
  const granted: CustomService[] = [];
  for (const definition of definitions) {
    if (await browser.permissions.contains({ origins: definition.matches }).catch(() => false))
      granted.push(definition);
  }
  return granted;
}

/** Registers the content script for the granted custom services' patterns (and nothing else). */
export async function syncCustomScripts(definitions: readonly CustomService[]): Promise<void> {
  const granted = await grantedServices(definitions);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] }).catch(() => []);
  if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  const matches = [...new Set(granted.flatMap((definition) => definition.matches))];
  if (!matches.length) return;
  await browser.scripting.registerContentScripts([
    { id: SCRIPT_ID, matches, js: [CONTENT_SCRIPT_FILE], allFrames: true, runAt: 'document_idle' },
  ]);
}
