/**
 * The meeting services' own keyboard shortcuts that turn on an E2E-breaking feature, so the guard can stop them
 * (policy `e2eBreakingFeatures` 'confirm' / 'block'). Data only: service id → feature (signal) → key combinations,
 * each with the id of its public source in docs/sources.md ("Keyboard shortcuts"). A service missing here has no
 * documented shortcut for those features (Jitsi: its handbook lists none) or none that we found (Webex).
 *
 * Matching is by `event.key` (case-insensitive, so Caps Lock does not matter) or by `event.code` (the physical key,
 * the same on JIS and US keyboards): a Japanese keyboard in kana-lock gives `key` 'そ' for the C key, and macOS
 * Option turns R into '®', yet `code` stays 'KeyC' / 'KeyR'. Modifiers must be exactly the ones listed.
 */
import type { SignalName } from './services/service';

export interface KeyCombo {
  /** The key as `event.key` reports it without modifiers, lowercase ('c'). */
  key: string;
  /** The physical key (`event.code`), layout-independent ('KeyC'). */
  code: string;
  alt?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

/** One documented shortcut. What the vendor says it does is a comment beside it: every content script carries this data. */
export interface GuardShortcut {
  combo: KeyCombo;
  /** Where it is documented: an id of docs/sources.md "Keyboard shortcuts". */
  source: string;
  /** True when the source documents it for the desktop app only and we guard the web page as a precaution. */
  desktopOnly?: boolean;
}

export type ServiceShortcuts = Readonly<Partial<Record<SignalName, readonly GuardShortcut[]>>>;

export const GUARD_SHORTCUTS: Readonly<Record<string, ServiceShortcuts>> = {
  meet: {
    // Google Meet Help "Keyboard shortcuts": c turns captions on or off (Chrome OS, Windows and Mac alike).
    transcription: [{ combo: { key: 'c', code: 'KeyC' }, source: 'kbd-meet-help' }],
  },
  zoom: {
    // Zoom Support "Hot keys and keyboard shortcuts": documented for the desktop app; the web client's own list is
    // not public, so the Windows keys are guarded there as a precaution (the browser gives them no other meaning).
    // The macOS ones (⌘+Shift+R / ⌘+Shift+C) are the browser's reload and inspect keys, not the page's: not guarded.
    recording: [
      // "Start/stop local recording" (Windows)
      {
        combo: { key: 'r', code: 'KeyR', alt: true },
        source: 'kbd-zoom-hotkeys',
        desktopOnly: true,
      },
      // "Start/stop cloud recording" (Windows)
      {
        combo: { key: 'c', code: 'KeyC', alt: true },
        source: 'kbd-zoom-hotkeys',
        desktopOnly: true,
      },
    ],
  },
  teams: {
    // Teams on the web turns live captions on with Alt+Shift+C (Windows) / Cmd+Shift+A (macOS): a maintained
    // extension sends exactly these to teams.microsoft.com (and notes they do not work in guest meetings).
    transcription: [
      // Turn live captions on: Windows, then macOS.
      { combo: { key: 'c', code: 'KeyC', alt: true, shift: true }, source: 'kbd-teams-transcriptonic' },
      { combo: { key: 'a', code: 'KeyA', meta: true, shift: true }, source: 'kbd-teams-transcriptonic' },
    ],
  },
};

/** The shortcuts of a service id (none for an admin-defined service). */
export function guardShortcutsFor(service: string): ServiceShortcuts | undefined {
  return Object.hasOwn(GUARD_SHORTCUTS, service) ? GUARD_SHORTCUTS[service] : undefined;
}

/** The modifier state and key of a keyboard event (a plain object, so src/ needs no DOM). */
export interface KeyPress {
  key: string;
  code: string;
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function comboMatches(combo: KeyCombo, press: KeyPress): boolean {
  if (press.altKey !== Boolean(combo.alt) || press.shiftKey !== Boolean(combo.shift)) return false;
  if (press.ctrlKey !== Boolean(combo.ctrl) || press.metaKey !== Boolean(combo.meta)) return false;
  return press.key.toLowerCase() === combo.key || press.code === combo.code;
}

/** The feature whose documented shortcut this key press is, if any. */
export function shortcutFeature(
  shortcuts: ServiceShortcuts | undefined,
  press: KeyPress,
): { signal: SignalName; shortcut: GuardShortcut } | null {
  for (const [signal, list] of Object.entries(shortcuts ?? {}) as [SignalName, readonly GuardShortcut[]][]) {
    const shortcut = list.find((candidate) => comboMatches(candidate.combo, press));
    if (shortcut) return { signal, shortcut };
  }
  return null;
}

/** How a combination is written for people: "Alt+Shift+C", "⌘+Shift+A", "C". */
export function comboLabel(combo: KeyCombo): string {
  const parts: string[] = [];
  if (combo.ctrl) parts.push('Ctrl');
  if (combo.meta) parts.push('⌘');
  if (combo.alt) parts.push('Alt');
  if (combo.shift) parts.push('Shift');
  parts.push(combo.key.toUpperCase());
  return parts.join('+');
}
