/**
 * Delivery of the record to the admin's `reportEndpoint` (the contract in docs/admin-guide.md):
 * batches of waiting records, each POST with a 10 s timeout, outside any storage queue and never
 * awaited by the popup, options page or a tab refresh. A 2xx marks the batch's ids sent (never sent
 * again); 400/413 halves the batch until the one refused record is set aside; anything else backs
 * off with an alarm (30 s, then doubling up to 15 min). Before each POST the next alarm is already
 * set, so a worker stopped mid-send wakes up and tries again: the collector keeps each id once.
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
} from '../src/records';
import type { RecordLog } from './record-log';

export const DELIVERY_ALARM = 'meeting-guard-delivery';

/** What survives a stopped worker (storage.local): failures in a row, the next try, the last outcomes. */
export interface StoredDeliveryState {
  failures: number;
  nextTryAt?: number;
  lastSuccessAt?: string;
  lastError?: { at: string; status?: number; message: string };
}

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
        await deps.schedule(null);
        await deps.saveState({ ...state, failures: 0, nextTryAt: undefined });
        return;
      }
      // Set before sending: if the worker is stopped mid-send, this alarm wakes it to try again.
      await deps.schedule(retryDelayMs(state.failures + 1));
      for (const record of batch) deps.log.inFlight.add(record.id);
      const outcome = await deliverBatch(batch, (records) =>
        deps.post(endpoint, token, JSON.stringify(envelope(version, installation, records, publicKey))),
      ).finally(() => {
        for (const record of batch) deps.log.inFlight.delete(record.id);
      });
      await deps.log.mark(outcome.accepted, 'sent');
      const at = new Date(deps.now()).toISOString();
      if (outcome.accepted.length) state.lastSuccessAt = at;
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

  /** A refused record leaves the queue with a problem record saying so (a refused problem record, silently). */
  async function setAside(record: RecordEntry, status: number): Promise<void> {
    await deps.log.mark([record.id], 'set-aside');
    if (record.event !== 'record-refused')
      await deps.record({ event: 'record-refused', detail: `${record.id} ${record.event} HTTP ${status}` });
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
        await deps.saveState({ ...state, failures: 0, nextTryAt: undefined });
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
