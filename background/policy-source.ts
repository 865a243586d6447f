/**
 * The admin's policy from storage.managed, read defensively (docs/sources.md: chrome-storage-managed,
 * mdn-storage-managed): no policy is `{}` in
 * Chrome and an error in Firefox; it may arrive late after start-up; removal fires onChanged with
 * `newValue` undefined. Every reader gets a parsed, valid policy; nothing here throws.
 */
import { type EffectivePolicy, effectivePolicy, parseUserSettings, type UserSettings } from '../src/policy/effective';
import { type ParsedPolicy, parsePolicy } from '../src/policy/policy';
import { browser } from './browser';

const USER_SETTINGS = 'userSettings';

let cached: Promise<ParsedPolicy> | undefined;
let rereading: Promise<boolean> | undefined;

async function readManaged(): Promise<ParsedPolicy> {
  try {
    return parsePolicy(await browser.storage.managed.get());
  } catch {
    // Firefox: "Managed storage manifest not found" when no policy is installed.
    return parsePolicy({});
  }
}

/** The admin's policy alone; cached until it changes (or may have). */
function adminPolicy(): Promise<ParsedPolicy> {
  cached ??= readManaged();
  return cached;
}

/** The policy in force: the admin's, tightened by the person's own settings where they are stricter. */
export async function currentPolicy(): Promise<EffectivePolicy> {
  const [admin, stored] = await Promise.all([adminPolicy(), browser.storage.local.get(USER_SETTINGS)]);
  return effectivePolicy(admin, parseUserSettings(stored[USER_SETTINGS]));
}

export async function saveUserSettings(settings: UserSettings): Promise<void> {
  await browser.storage.local.set({ [USER_SETTINGS]: parseUserSettings(settings) });
}

/**
 * Forget the cache and read again; resolves true when the result differs from before. Calls that
 * come while a read is under way share it (the first managed read can take seconds in Chromium).
 */
export function rereadPolicy(): Promise<boolean> {
  rereading ??= (async () => {
    const before = cached ? JSON.stringify(await cached) : undefined;
    const next = readManaged();
    cached = next;
    return JSON.stringify(await next) !== before;
  })().finally(() => {
    rereading = undefined;
  });
  return rereading;
}
