/**
 * The content script's page reading: the first change after a quiet interval read at once, then at
 * most one read per interval while the page keeps changing; change-only; safe when an adapter fails;
 * aware of SPA moves. Fake timers: the schedule is checked as an order of events, not as a speed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAILED_READS, observeMeeting, READ_INTERVAL_MS, readDelay } from '../../content/observe';
import type { MeetingService, Snapshot } from '../../src/services/service';
import { makeSnapshot } from './support';

/** Lets the MutationObserver's microtask and any read it queued run, without moving the clock. */
const flushMicrotasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function fakeService(read: () => Snapshot | null): MeetingService {
  return { id: 'meet', name: 'Meet', matches: [], table: {}, read: vi.fn(read) };
}

const change = () => document.body.append(document.createElement('div'));

describe('readDelay', () => {
  it('is zero before the first read and after a quiet interval, else the rest of the interval', () => {
    expect(readDelay(5, undefined)).toBe(0);
    expect(readDelay(10_000, 1_000)).toBe(0);
    expect(readDelay(1_000 + READ_INTERVAL_MS, 1_000)).toBe(0);
    expect(readDelay(1_300, 1_000)).toBe(READ_INTERVAL_MS - 300);
    expect(readDelay(1_000, 1_000, 100)).toBe(100);
  });
});

describe('observeMeeting', () => {
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    controller = new AbortController();
    document.body.replaceChildren();
    history.replaceState({}, '', '/abc-defg-hij');
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it('reads a change after a quiet interval at once, before any timer runs', async () => {
    let recording: 'on' | 'unknown' = 'unknown';
    const service = fakeService(() => makeSnapshot({ signals: { recording } }));
    const onChange = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal, vi.fn());
    expect(onChange).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 3); // a quiet page
    recording = 'on';
    change();
    await flushMicrotasks();
    expect(service.read).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0].signals.recording).toBe('on');
  });

  it('while the page keeps changing, reads at most once per interval and still reads the last change', async () => {
    let recording: 'on' | 'unknown' = 'unknown';
    const service = fakeService(() => makeSnapshot({ signals: { recording } }));
    const onChange = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal, vi.fn());
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);

    // Captions: a change every 10 ms for ten intervals.
    const busyMs = READ_INTERVAL_MS * 10;
    for (let t = 0; t < busyMs; t += 10) {
      change();
      await vi.advanceTimersByTimeAsync(10);
    }
    const readsWhileBusy = vi.mocked(service.read).mock.calls.length - 1;
    expect(readsWhileBusy).toBeGreaterThanOrEqual(busyMs / READ_INTERVAL_MS - 1);
    expect(readsWhileBusy).toBeLessThanOrEqual(busyMs / READ_INTERVAL_MS + 1);
    expect(onChange).toHaveBeenCalledTimes(1); // nothing the adapter reads changed: nothing sent

    // A change inside the interval is not dropped: it is read when the interval is over.
    recording = 'on';
    change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0].signals.recording).toBe('on');
  });

  it('sleeps while a read is due: a caption stream wakes it about once per interval, not at every word', async () => {
    let wakeUps = 0;
    const Native = globalThis.MutationObserver;
    vi.stubGlobal(
      'MutationObserver',
      class extends Native {
        constructor(callback: MutationCallback) {
          super((records, observer) => {
            wakeUps++;
            callback(records, observer);
          });
        }
      },
    );
    try {
      const service = fakeService(() => makeSnapshot({}));
      observeMeeting(service, {}, vi.fn(), vi.fn(), controller.signal, vi.fn());
      const intervals = 10;
      for (let t = 0; t < READ_INTERVAL_MS * intervals; t += 10) {
        change();
        await vi.advanceTimersByTimeAsync(10);
      }
      // Two per interval at most: the change that queues the read, and the first after it ran.
      expect(wakeUps).toBeLessThanOrEqual(2 * intervals + 2);
      expect(wakeUps).toBeGreaterThanOrEqual(intervals - 1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('notices an address change made while it slept, at the read that was due', async () => {
    const service = fakeService(() => makeSnapshot({}));
    const onNavigate = vi.fn();
    observeMeeting(service, {}, vi.fn(), onNavigate, controller.signal, vi.fn());
    change(); // within the interval of the first read: the observer sleeps until the next read
    await flushMicrotasks();
    history.pushState({}, '', '/landing');
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS);
    expect(onNavigate).toHaveBeenCalledTimes(1);
    expect(service.read).toHaveBeenCalledTimes(1);
  });

  it('folds a burst of changes into one read', async () => {
    const service = fakeService(() => makeSnapshot({}));
    observeMeeting(service, {}, vi.fn(), vi.fn(), controller.signal, vi.fn());
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);
    for (let i = 0; i < 20; i++) change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);
    expect(service.read).toHaveBeenCalledTimes(2); // twenty mutations, one read
  });

  it('reads a ticked checkbox (a property change, no mutation) at once', async () => {
    const service = fakeService(() => makeSnapshot({}));
    observeMeeting(service, {}, vi.fn(), vi.fn(), controller.signal, vi.fn());
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);
    document.dispatchEvent(new Event('change'));
    await flushMicrotasks();
    expect(service.read).toHaveBeenCalledTimes(2);
  });

  it('keeps the last report through a passing adapter failure (a null snapshot would clear the warnings)', async () => {
    let failuresLeft = 0;
    const service = fakeService(() => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('half-drawn page');
      }
      return makeSnapshot({ signals: { recording: 'on' } });
    });
    const onChange = vi.fn();
    const onFailing = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal, onFailing);
    failuresLeft = FAILED_READS - 1;
    change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * FAILED_READS);
    // Retried once per interval until it read again, with no change on the page.
    expect(service.read).toHaveBeenCalledTimes(1 + FAILED_READS);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onFailing).not.toHaveBeenCalled();
  });

  it('says once that the adapter keeps failing, and sends the next good reading even if it is the old one', async () => {
    let fail = false;
    const service = fakeService(() => {
      if (fail) throw new Error('redesign');
      return makeSnapshot({ signals: { recording: 'on' } });
    });
    const onChange = vi.fn();
    const onFailing = vi.fn();
    observeMeeting(service, {}, onChange, vi.fn(), controller.signal, onFailing);
    fail = true;
    change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * (FAILED_READS + 2));
    expect(service.read).toHaveBeenCalledTimes(1 + FAILED_READS);
    expect(onFailing).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledTimes(1);

    // More changes while it keeps failing: read, not retried on their own, not said again.
    change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 3);
    expect(service.read).toHaveBeenCalledTimes(2 + FAILED_READS);
    expect(onFailing).toHaveBeenCalledTimes(1);

    // Background took every signal for unknown: the same good reading as before is news again.
    fail = false;
    change();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0].signals.recording).toBe('on');
  });

  it('reads at once with a new table, though the page did not change, and sends only a changed reading', async () => {
    const service = fakeService(() => makeSnapshot({}));
    vi.mocked(service.read).mockImplementation((_doc, _url, table) =>
      makeSnapshot({ signals: { recording: table.recordingText?.length ? 'on' : 'unknown' } }),
    );
    const onChange = vi.fn();
    const reread = observeMeeting(service, { recordingText: [] }, onChange, vi.fn(), controller.signal, vi.fn());
    expect(onChange).toHaveBeenCalledTimes(1);
    reread({ recordingText: [] });
    expect(service.read).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenCalledTimes(1);
    reread({ recordingText: ['Recording'] });
    expect(service.read).toHaveBeenLastCalledWith(document, expect.any(URL), { recordingText: ['Recording'] });
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange.mock.calls[1]?.[0].signals.recording).toBe('on');
    // The new table stays for the reads that follow a change.
    change();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS);
    expect(service.read).toHaveBeenLastCalledWith(document, expect.any(URL), { recordingText: ['Recording'] });
  });

  it('hands over when a single-page app moves to another address, and stops with its signal', async () => {
    const service = fakeService(() => null);
    const onNavigate = vi.fn();
    observeMeeting(service, {}, vi.fn(), onNavigate, controller.signal, vi.fn());
    history.pushState({}, '', '/landing');
    document.body.append(document.createElement('main'));
    await flushMicrotasks();
    expect(onNavigate).toHaveBeenCalledTimes(1);

    controller.abort();
    change();
    await flushMicrotasks();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);
    expect(onNavigate).toHaveBeenCalledTimes(1);
    expect(service.read).toHaveBeenCalledTimes(1);
  });

  it('stops a read that was already queued when its signal aborts', async () => {
    const service = fakeService(() => makeSnapshot({}));
    observeMeeting(service, {}, vi.fn(), vi.fn(), controller.signal, vi.fn());
    change(); // within the interval of the first read: a timer is queued
    await flushMicrotasks();
    controller.abort();
    await vi.advanceTimersByTimeAsync(READ_INTERVAL_MS * 2);
    expect(service.read).toHaveBeenCalledTimes(1);
  });
});
