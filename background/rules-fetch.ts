/**
 * Signed detection rules by URL (src/rules-document.ts): fetched from the policy's `rulesUrl` at start-up,
 * every RULES_PERIOD_MINUTES (an alarm) and when the options page asks; verified with `rulesPublicKey`; kept
 * in storage.local as the last good copy, which stays whenever a fetch fails or a document is refused. The
 * rules apply only while the policy still names the same URL and key they came with; without them the
 * built-in tables (and the policy's overrides) are what reads the page.
 *
 * No host permission is asked for: like delivery to `reportEndpoint`, the request is a plain cross-origin
 * fetch without credentials, which the rules host answers with CORS (the collector sends
 * `Access-Control-Allow-Origin: *` for its public `GET /rules.json`).
 */
import type { EffectivePolicy } from '../src/policy/effective';
import { MAX_RULES_BYTES, type RulesPayload, type RulesStatus, verifyRulesDocument } from '../src/rules-document';

export type { RulesStatus };

export const RULES_ALARM = 'meeting-guard-rules';
/** Every few hours: a vendor's change reaches every browser the same day without a flood of requests. */
export const RULES_PERIOD_MINUTES = 180;
const FETCH_TIMEOUT_MS = 10_000;

export type FetchResult = { ok: true; text: string } | { ok: false; message: string };

export interface RulesDeps {
  policy(): Promise<EffectivePolicy>;
  fetchText(url: string): Promise<FetchResult>;
  load(): Promise<Omit<RulesStatus, 'url'>>;
  save(state: Omit<RulesStatus, 'url'>): Promise<void>;
  /** After the rules in force changed: push the tables to open tabs. */
  changed(): Promise<void>;
  now(): number;
}

/** GET without credentials, with a timeout and a size cap read as it streams; never throws. */
export async function fetchRulesText(url: string): Promise<FetchResult> {
  try {
    const response = await fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, message: `HTTP ${response.status}` };
    }
    const reader = response.body?.getReader();
    if (!reader) return { ok: false, message: 'empty answer' };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      // One byte over is enough to refuse; the rest is not read.
      if (size > MAX_RULES_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, message: `larger than ${MAX_RULES_BYTES / 1024} KB` };
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return { ok: true, text: new TextDecoder().decode(bytes) };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { ok: false, message: name === 'TimeoutError' ? 'no answer in 10 s' : String(error).slice(0, 200) };
  }
}

export function createRules(deps: RulesDeps) {
  /** The kept rules, if they belong to the policy in force (same URL and key). */
  async function inForce(): Promise<RulesPayload | undefined> {
    const [{ policy }, state] = await Promise.all([deps.policy(), deps.load()]);
    const kept = state.inForce;
    if (!kept || !policy.rulesUrl || kept.source !== policy.rulesUrl || kept.publicKey !== policy.rulesPublicKey)
      return undefined;
    return kept.payload;
  }

  let running: Promise<RulesStatus> | undefined;

  /** Fetches, verifies and keeps new rules; the last good stay on any failure. Concurrent calls share one run. */
  async function refreshOnce(): Promise<RulesStatus> {
    const { policy } = await deps.policy();
    const state = await deps.load();
    const url = policy.rulesUrl;
    if (!url || !policy.rulesPublicKey) {
      return { url, ...state };
    }
    const before = await inForce();
    const at = new Date(deps.now()).toISOString();
    const fetched = await deps.fetchText(url);
    let next: Omit<RulesStatus, 'url'>;
    if (!fetched.ok) {
      next = { ...state, lastCheckAt: at, lastError: fetched.message };
    } else {
      const sameSource = state.inForce?.source === url && state.inForce.publicKey === policy.rulesPublicKey;
      const verdict = await verifyRulesDocument(
        fetched.text,
        policy.rulesPublicKey,
        deps.now(),
        sameSource ? state.inForce?.payload.version : undefined,
      );
      next = verdict.ok
        ? {
            inForce: {
              payload: verdict.payload,
              source: url,
              publicKey: policy.rulesPublicKey,
              fetchedAt: at,
              dropped: verdict.dropped,
            },
            lastCheckAt: at,
          }
        : { ...state, lastCheckAt: at, lastError: `refused: ${verdict.reason}` };
    }
    await deps.save(next);
    if (JSON.stringify(await inForce()) !== JSON.stringify(before)) await deps.changed();
    return { url, ...next };
  }

  return {
    inForce,
    refresh(): Promise<RulesStatus> {
      running ??= refreshOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    async status(): Promise<RulesStatus> {
      const [{ policy }, state] = await Promise.all([deps.policy(), deps.load()]);
      return { url: policy.rulesUrl, ...state };
    },
  };
}

export type Rules = ReturnType<typeof createRules>;
