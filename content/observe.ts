/**
 * Reads the page cheaply and at once: a MutationObserver only marks the page dirty. The first change
 * after a quiet interval is read in the same microtask batch (a vendor's "this meeting is being
 * recorded" reaches the person without waiting); while the page keeps changing, at most one read runs
 * per interval, and the observer sleeps until it. Only a changed snapshot is handed on. Everything
 * stops with the one AbortSignal.
 */
import type { MeetingService, SelectorTable, Snapshot } from '../src/services/service';

/** At most one read per interval: captions and video tiles mutate the DOM many times a second. */
export const READ_INTERVAL_MS = 800;

/** Failed reads in a row (one per interval) before the frame says it cannot read the page: about 1.6 s. */
export const FAILED_READS = 3;

/**
 * When the next read may run: at once (0) after a quiet interval, else when the interval since the
 * last read is over. `lastRead` is undefined before the first read.
 */
export function readDelay(now: number, lastRead: number | undefined, interval = READ_INTERVAL_MS): number {
  if (lastRead === undefined) return 0;
  return Math.max(0, lastRead + interval - now);
}

const STATE_ATTRIBUTES = [
  'aria-pressed',
  'aria-checked',
  'aria-label',
  'aria-selected',
  'aria-disabled',
  'checked',
  'disabled',
  'hidden',
  'title',
  'data-testid',
  'data-tid',
  'data-is-prejoin',
];

/**
 * Reads the page now and on change. `onFailing` is called once when the adapter kept throwing. Returns
 * the way to read at once with a new table (the admin's repairs): the page need not change for the
 * reading to.
 */
export function observeMeeting(
  service: MeetingService,
  table: SelectorTable,
  onChange: (snapshot: Snapshot | null) => void,
  onNavigate: () => void,
  signal: AbortSignal,
  onFailing: () => void,
): (table: SelectorTable) => void {
  let current = table;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** A read is queued (as a microtask or a timer): further changes until it runs are covered by it. */
  let pending = false;
  let lastRead: number | undefined;
  let last: string | undefined;
  const address = location.href;

  // One observer does both jobs: single-page apps (Teams, Meet) change the address without a new
  // document, and the caller starts over for the new one.
  const observer = new MutationObserver(() => {
    if (location.href !== address) onNavigate();
    else schedule();
  });
  let observing = false;
  const observe = () => {
    if (observing || signal.aborted) return;
    observing = true;
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      // State attributes only: style and class churn (video tiles, animations) would wake us for nothing.
      attributeFilter: STATE_ATTRIBUTES,
    });
  };

  const read = () => {
    timer = undefined;
    pending = false;
    if (signal.aborted) return;
    // Checked here too: the observer may have been off while this read waited (see schedule).
    if (location.href !== address) {
      onNavigate();
      return;
    }
    observe();
    lastRead = performance.now();
    let snapshot: Snapshot | null;
    try {
      snapshot = service.read(document, new URL(location.href), current);
    } catch {
      // Adapters never throw by contract. A passing failure keeps what was last reported: a null snapshot
      // would mean "no meeting here" and clear the warnings, a false "safe". A failure that persists is
      // said once, and background then takes every signal for unknown; the next good read is news again.
      failures += 1;
      if (failures < FAILED_READS) {
        pending = true;
        timer = setTimeout(read, READ_INTERVAL_MS);
      } else if (failures === FAILED_READS) {
        last = undefined;
        onFailing();
      }
      return;
    }
    failures = 0;
    const serialized = JSON.stringify(snapshot);
    if (serialized === last) return;
    last = serialized;
    onChange(snapshot);
  };

  const schedule = () => {
    if (pending) return;
    pending = true;
    const delay = readDelay(performance.now(), lastRead);
    // A microtask, not a frame or a timer: a hidden tab gets no animation frames and its timers are
    // clamped to a second or more, and a meeting in a background tab must still warn.
    if (delay === 0) {
      queueMicrotask(read);
      return;
    }
    // The page keeps changing and a read is already due: until it runs, no mutation can tell us
    // anything new, so stop listening. A caption stream then wakes us once per interval instead of at
    // every word, and the page's mutations cost it no records for us. The read listens again.
    observer.disconnect();
    observing = false;
    timer = setTimeout(read, delay);
  };

  // A ticked checkbox changes a property, not an attribute: no mutation is recorded for it.
  document.addEventListener('change', schedule, { capture: true, passive: true, signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
  });
  read();
  return (next) => {
    current = next;
    clearTimeout(timer);
    read();
  };
}
