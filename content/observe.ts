/**
 * Reads the page cheaply: a MutationObserver only marks the page dirty; one read runs per interval
 * at most, and only a changed snapshot is handed on. Everything stops with the one AbortSignal.
 */
import type { MeetingService, SelectorTable, Snapshot } from '../src/services/service';

/** At most one read per interval: captions and video tiles mutate the DOM many times a second. */
export const READ_INTERVAL_MS = 800;

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

export function observeMeeting(
  service: MeetingService,
  table: SelectorTable,
  onChange: (snapshot: Snapshot | null) => void,
  onNavigate: () => void,
  signal: AbortSignal,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: string | undefined;
  const address = location.href;

  const read = () => {
    timer = undefined;
    if (signal.aborted) return;
    let snapshot: Snapshot | null;
    try {
      snapshot = service.read(document, new URL(location.href), table);
    } catch {
      // Adapters never throw by contract. If one does, keep what was last reported: a null snapshot
      // would mean "no meeting here" and clear the warnings, which is a false "safe".
      return;
    }
    const serialized = JSON.stringify(snapshot);
    if (serialized === last) return;
    last = serialized;
    onChange(snapshot);
  };

  const schedule = () => {
    timer ??= setTimeout(read, READ_INTERVAL_MS);
  };

  // One observer does both jobs: single-page apps (Teams, Meet) change the address without a new
  // document, and the caller starts over for the new one.
  const observer = new MutationObserver(() => {
    if (location.href !== address) onNavigate();
    else schedule();
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    // State attributes only: style and class churn (video tiles, animations) would wake us for nothing.
    attributeFilter: STATE_ATTRIBUTES,
  });
  // A ticked checkbox changes a property, not an attribute: no mutation is recorded for it.
  document.addEventListener('change', schedule, { capture: true, passive: true, signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
  });
  read();
}
