/**
 * What our scripts in one frame share. Our content scripts, and the scripts background injects, run in one isolated
 * world per frame (the page has its own), so its global object is where the frame's runner (content/run.ts) and the
 * in-page UI (content/entries/ui.ts) meet. Nothing of the page can read or write it.
 */
import type { SelectorTable } from '../src/services/service';

/** The script reading this frame, as content/run.ts shares it. */
export interface FrameRunner {
  /** Which script it is: a built-in service's outranks the custom services'. */
  rank: number;
  stop(): void;
  /** Aborts when this runner stops: another script took the frame over, or the extension went away. */
  signal: AbortSignal;
  /** The service reading the frame now and its table (the admin's repairs and pushed tables applied); none yet. */
  reading(): { service: string; table: SelectorTable } | undefined;
}

export const frameScope = globalThis as { meetingGuardContent?: FrameRunner; meetingGuardUi?: AbortController };
