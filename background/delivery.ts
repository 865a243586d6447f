/**
 * Delivery of the record to the admin's `reportEndpoint` (the contract in docs/admin-guide.md):
 * batches of waiting records, each POST with a 10 s timeout, outside any storage queue and never
 * awaited by the popup, options page or a tab refresh. A 2xx marks the batch's ids sent (never sent
 * again); 400/413 halves the batch until the one refused record is set aside; anything else backs
 * off with an alarm (30 s, then doubling up to 15 min). Before each POST the next alarm is already
 * set, so a worker stopped mid-send wakes up and tries again: the collector keeps each id once.
 *
 * Nothing is lost to a broken endpoint (issue 19): after two failed tries a batch answered with 5xx is
 * split too, so one record the collector cannot store no longer holds up the rest; an endpoint that
 * refuses every record (a wrong address, a proxy's body limit) sets nothing aside and says so; records
 * set aside are offered again when the endpoint or token changes, when an endpoint that refused
 * everything accepts again, and otherwise after 6 h, doubling up to a week.
 */
import type { DeliveryStatus } from '../src/messages';
import {
  deliverBatch,
  envelope,
  firstBatch,
  type NewRecord,
  type PostResult,
  type RecordEntry,
  retryDelayMs,
  SEND_TIMEOUT_MS,
  setAsideRetryDelayMs,
} from '../src/records';
import type { RecordLog } from './record-log';

export const DELIVERY_ALARM = 'meeting-guard-delivery';

/** What survives a stopped worker (storage.local): failures in a row, the next try, the last outcomes. */
export interface StoredDeliveryState {
  failures: number;
  nextTryAt?: number;
  lastSuccessAt?: string;
  lastError?: { at: string; status?: number; message: string };
  /** Tries in a row on which the endpoint refused every record. */
  refusedAll?: number;
  /** When the records set aside are offered again, and how many times they have been. */
  setAsideRetryAt?: number;
  setAsideRetries?: number;
}

/** Failed tries in a row after which a batch answered with 5xx is split to find a record the server cannot take. */
export const BISECT_AFTER_FAILURES = 2;

export interface DeliveryDeps {
  log: RecordLog;
  /** The endpoint and token in force ('' when none). */
  target(): Promise<{ endpoint: string; token: string }>;
  meta(): Promise<{ version: string; installation: string }>;
  post(endpoint: string, token: string, body: string): Promise<PostResult>;
  /** Sets (replacing) or, with null, clears the one retry alarm. */
  schedule(delayMs: number | null): Promise<void>;
  loadState(): Promise<StoredDeliveryState>;
  saveState(state: StoredDeliveryState): Promise<void>;
  /** Adds a problem record (a record the collector refused). */
  record(entry: NewRecord): Promise<unknown>;
  now(): number;
}

export type DeliveryReason = 'record' | 'alarm' | 'startup' | 'endpoint';

/** POST with the contract's headers and a timeout; never throws. */
export async function postRecords(endpoint: string, token: string, body: string): Promise<PostResult> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    // The body is not needed; releasing it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, message: response.statusText || `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return {
      ok: false,
      message: name === 'TimeoutError' ? `no answer in ${SEND_TIMEOUT_MS / 1000} s` : String(error).slice(0, 200),
    };
  }
}

export function createDelivery(deps: DeliveryDeps) {
  let running: Promise<void> | undefined;
  let again = false;

  async function runOnce(): Promise<void> {
    const { endpoint, token } = await deps.target();
    const state = await deps.loadState();
    if (!endpoint) {
      await deps.schedule(null);
      return;
    }
    const { version, installation } = await deps.meta();
    const publicKey = await deps.log.publicKey();
    for (;;) {
      // Claimed: from here the collector may hold them, so they never change (a repeat becomes a new record).
      const { batch, tooLarge } = firstBatch(await deps.log.claimPending(100), version, installation);
      for (const record of tooLarge) await setAside(record, 413);
      if (!batch.length) {
        if (tooLarge.length) continue;
        if (await offerSetAsideAgain(state)) continue;
        await deps.saveState({ ...state, failures: 0, nextTryAt: undefined });
        return;
      }
      // Set before sending: if the worker is stopped mid-send, this alarm wakes it to try again.
      await deps.schedule(retryDelayMs(state.failures + 1));
      for (const record of batch) deps.log.inFlight.add(record.id);
      const outcome = await deliverBatch(
        batch,
        (records) => deps.post(endpoint, token, JSON.stringify(envelope(version, installation, records, publicKey))),
        // Every other try after a refuse-everything answer splits to the end: two bad records, one in each half,
        // must not pass for an endpoint that refuses everything for good.
        { bisectServerErrors: state.failures >= BISECT_AFTER_FAILURES, thorough: (state.refusedAll ?? 0) % 2 === 1 },
      ).finally(() => {
        for (const record of batch) deps.log.inFlight.delete(record.id);
      });
      await deps.log.mark(outcome.accepted, 'sent');
      const at = new Date(deps.now()).toISOString();
      if (outcome.accepted.length) {
        state.lastSuccessAt = at;
        // The endpoint refused everything and now takes records: what it refused meanwhile goes again.
        if (state.refusedAll) state.setAsideRetryAt = deps.now();
        state.refusedAll = 0;
      }
      if (outcome.refusesAll) {
        if (!state.refusedAll)
          await deps.record({
            event: 'record-refused',
            detail: `every record of a batch of ${batch.length} refused (HTTP ${outcome.failure?.status}); none set aside, delivery retries`,
          });
        state.refusedAll = (state.refusedAll ?? 0) + 1;
      }
      for (const { record, status } of outcome.refused) {
        await setAside(record, status);
        state.lastError = { at, status, message: `record ${record.id} refused` };
      }
      if (outcome.failure) {
        state.failures += 1;
        state.lastError = { at, ...outcome.failure };
        const delay = retryDelayMs(state.failures);
        state.nextTryAt = deps.now() + delay;
        await deps.schedule(delay);
        await deps.saveState(state);
        return;
      }
      state.failures = 0;
      state.nextTryAt = undefined;
      await deps.saveState(state);
    }
  }

  /**
   * A refused record leaves the queue with a problem record saying so (a refused problem record, silently), the
   * first time only: a record offered again and refused again adds nothing.
   */
  async function setAside(record: RecordEntry, status: number): Promise<void> {
    const first = await deps.log.setAside(record.id);
    if (first && record.event !== 'record-refused')
      await deps.record({ event: 'record-refused', detail: `${record.id} ${record.event} HTTP ${status}` });
  }

  /**
   * With nothing else waiting: offers the set-aside records again when their time has come (true: go round), or
   * sets the alarm for that time (none when nothing is set aside).
   */
  async function offerSetAsideAgain(state: StoredDeliveryState): Promise<boolean> {
    if (!(await deps.log.setAsideCount())) {
      state.setAsideRetryAt = undefined;
      state.setAsideRetries = 0;
      await deps.schedule(null);
      return false;
    }
    const now = deps.now();
    if (state.setAsideRetryAt !== undefined && state.setAsideRetryAt <= now) {
      await deps.log.retrySetAside();
      state.setAsideRetries = (state.setAsideRetries ?? 0) + 1;
      state.setAsideRetryAt = undefined;
      return true;
    }
    state.setAsideRetryAt ??= now + setAsideRetryDelayMs(state.setAsideRetries ?? 0);
    await deps.schedule(state.setAsideRetryAt - now);
    return false;
  }

  return {
    /**
     * Sends what waits. A new record does not cut a back-off short (the alarm does); start-up and a
     * changed endpoint do. Calls during a run make it go round once more. Callers do not await it.
     */
    async run(reason: DeliveryReason): Promise<void> {
      if (reason === 'record') {
        const { nextTryAt } = await deps.loadState();
        if (nextTryAt && nextTryAt > deps.now()) return;
      } else if (reason === 'startup' || reason === 'endpoint') {
        const state = await deps.loadState();
        const next = { ...state, failures: 0, nextTryAt: undefined };
        // A new endpoint or token: what the old one refused is offered to it at once.
        if (reason === 'endpoint')
          Object.assign(next, { setAsideRetryAt: deps.now(), setAsideRetries: 0, refusedAll: 0 });
        await deps.saveState(next);
      }
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await runOnce();
        } while (again && !((await deps.loadState()).nextTryAt ?? 0));
      })().finally(() => {
        running = undefined;
      });
      return running;
    },

    async status(): Promise<DeliveryStatus> {
      const [{ endpoint }, state, waiting] = await Promise.all([
        deps.target(),
        deps.loadState(),
        deps.log.pendingCount(),
      ]);
      return {
        endpoint,
        waiting,
        lastSuccessAt: state.lastSuccessAt,
        lastError: state.lastError,
        nextTryAt: state.nextTryAt ? new Date(state.nextTryAt).toISOString() : undefined,
      };
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
