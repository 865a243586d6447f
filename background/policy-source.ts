/**
 * The admin's policy from storage.managed, read defensively (w3c/webextensions issues 497, 547): no
 * policy is `{}` in Chrome and an error in Firefox; it may arrive late after start-up (the first read
 * can also take seconds, or answer empty); removal fires onChanged with `newValue` undefined. The
 * last policy the admin pushed is kept in storage.local and used until managed storage answers, so
 * records made at start-up follow the admin's retention and endpoint. Where none was kept (a fresh
 * profile), the strict pending policy (src/policy/pending.ts) stands in: the first reading never waits
 * for the first answer. Nothing here throws.
 */
import { type EffectivePolicy, effectivePolicy, parseUserSettings, type UserSettings } from '../src/policy/effective';
import { pendingPolicy } from '../src/policy/pending';
import { type ParsedPolicy, parsePolicy } from '../src/policy/policy';
import { browser } from './browser';

const USER_SETTINGS = 'userSettings';
const LAST_ADMIN = 'lastAdminPolicy';
/** storage.session: managed storage has answered with a policy (or was settled) in this browser session. */
const SETTLED = 'managedSettled';
/**
 * How long a read may take before the kept policy, or without one the strict pending policy, stands in for
 * it: long enough for the usual answer (a few ms), short enough that a page's first reading does not wait
 * for a slow one (Chromium's first answer on a fresh profile took seconds: docs/performance.md, g).
 */
const ANSWER_WAIT_MS = 250;

let cached: Promise<ParsedPolicy> | undefined;
let rereading: Promise<boolean> | undefined;
const lateListeners = new Set<() => void>();

type Raw = Record<string, unknown>;
/** No policy: an empty object only. An empty list or text is a policy of the wrong shape, shown as a problem. */
const isEmpty = (raw: Raw) =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0;

async function managedRaw(): Promise<Raw> {
  try {
    return ((await browser.storage.managed.get()) as Raw | undefined) ?? {};
  } catch {
    // Firefox: "Managed storage manifest not found" when no policy is installed.
    return {};
  }
}

async function kept(): Promise<Raw | undefined> {
  const stored = (await browser.storage.local.get(LAST_ADMIN))[LAST_ADMIN];
  return typeof stored === 'object' && stored !== null ? (stored as Raw) : undefined;
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

/**
 * The admin policy, parsed. `settle`: accept an empty answer as "no policy" even where a policy was kept
 * (an explicit change, or long enough after start-up); otherwise an empty answer while a kept policy
 * exists is taken for Chrome's not-yet-loaded managed storage. A slow answer does not hold the caller up:
 * after ANSWER_WAIT_MS the kept policy, or without one the pending policy, stands in, and the answer, when
 * it comes, is checked by a re-read that tells the late listeners.
 */
async function readManaged(settle: boolean): Promise<ParsedPolicy> {
  const answer = managedRaw();
  const last = await kept();
  const early = await within(answer, ANSWER_WAIT_MS);
  if (early === undefined) {
    void answer.then(() => rereadPolicy().then((changed) => changed && notifyLate()));
    return last ? parsePolicy(last) : pendingPolicy();
  }
  const settled = Boolean((await browser.storage.session.get(SETTLED))[SETTLED]);
  if (isEmpty(early) && last && !settle && !settled) return parsePolicy(last);
  await browser.storage.session.set({ [SETTLED]: true });
  if (isEmpty(early)) await browser.storage.local.remove(LAST_ADMIN);
  else await browser.storage.local.set({ [LAST_ADMIN]: early });
  return parsePolicy(early);
}

function notifyLate(): void {
  for (const listener of lateListeners) listener();
}

/** Called when a slow managed read answered with a different policy than the kept or pending one that stood in. */
export function onLatePolicy(listener: () => void): void {
  lateListeners.add(listener);
}

/** The admin's policy alone; cached until it changes (or may have). */
export function adminPolicy(): Promise<ParsedPolicy> {
  cached ??= readManaged(false).catch(() => parsePolicy({}));
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
 * come while a read is under way share it (the first managed read can take seconds in Chromium),
 * except a `settle` call: an explicit change (onChanged, or late after start-up), where an empty
 * answer means the admin removed the policy. That one reads again after the read under way, which
 * may have been answered before the change (or taken a removal for "not loaded yet").
 */
export function rereadPolicy({ settle = false } = {}): Promise<boolean> {
  if (rereading && !settle) return rereading;
  const read = async () => {
    const before = cached ? JSON.stringify(await cached) : undefined;
    const next = readManaged(settle).catch(() => parsePolicy({}));
    cached = next;
    return JSON.stringify(await next) !== before;
  };
  const current: Promise<boolean> = (rereading ?? Promise.resolve(false)).then(read, read).finally(() => {
    if (rereading === current) rereading = undefined;
  });
  rereading = current;
  return current;
}
