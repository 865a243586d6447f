/**
 * The in-page UI: the warning banner (top frame only) and the guard (every frame it is injected into). Not a
 * manifest content script: background injects it (background/tab-views.ts) into the frames of a tab where there is
 * something to show (warnings: the top frame) or to guard (e2eBreakingFeatures 'confirm' or 'block' at class 2 or
 * more: every frame that reports), just before it sends the tab's 'warnings' message, which then reaches it at once.
 * It serves the frame's runner (content/run.ts), with which it shares the frame's isolated world: the guard reads
 * the runner's service and current table from there. Injected again into the same document, it does nothing.
 */
import type { WarningId } from '../../src/ids';
import { type ContentToBackground, validateBackgroundMessage } from '../../src/messages';
import { Banner } from '../banner';
import { type MessageSender, runtime } from '../browser';
import { type FrameRunner, frameScope as scope } from '../frame-scope';
import { Guard } from '../guard';

/** Starts the UI for the frame's runner; a frame with none, or with the UI already, is left as it is. */
function startUi(runner: FrameRunner): void {
  const ui = new AbortController();
  scope.meetingGuardUi = ui;
  const isTopFrame = window === window.top;
  let banner: Banner | undefined;

  const send = (message: ContentToBackground): void => {
    runtime.sendMessage(message).catch(() => {
      // The extension was updated or reloaded: this copy is orphaned, so stop quietly.
      ui.abort();
    });
  };

  const guard = new Guard(
    (warning, decision, trigger) => send({ type: 'guard-decision', warning, decision, trigger }),
    ui.signal,
    { reading: () => scope.meetingGuardContent?.reading() },
  );

  runtime.onMessage.addListener((message: unknown, sender: MessageSender) => {
    if (ui.signal.aborted || sender.id !== runtime.id) return undefined;
    const state = validateBackgroundMessage(message);
    if (!state) return undefined;
    // Every frame guards its own controls (Zoom's record button is in its iframe); the banner is the top frame's.
    guard.update(state);
    if (isTopFrame) {
      banner ??= new Banner((warning: WarningId) => send({ type: 'dismiss-warning', warning }));
      banner.update(state);
    }
    return undefined;
  });

  /**
   * The UI lives as long as a runner serves the frame: one that stands aside for a built-in service's script is
   * followed by that one; one that stops for good (the extension went away) takes the UI with it.
   */
  const follow = (current: FrameRunner): void =>
    current.signal.addEventListener(
      'abort',
      () =>
        // The runner taking over claims the frame right after stopping this one.
        queueMicrotask(() => {
          const next = scope.meetingGuardContent;
          if (next && next !== current && !next.signal.aborted) follow(next);
          else ui.abort();
        }),
      { signal: ui.signal },
    );
  follow(runner);

  ui.signal.addEventListener('abort', () => {
    banner?.remove();
    if (scope.meetingGuardUi === ui) delete scope.meetingGuardUi;
  });
}

const runner = scope.meetingGuardContent;
if (runner && !runner.signal.aborted && !scope.meetingGuardUi) startUi(runner);
