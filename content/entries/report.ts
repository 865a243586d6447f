/**
 * The report's snapshot script (issue 20): not a content script. Background injects it (background/
 * report-handlers.ts) into the meeting frames only when the person opens 「判定が違う・表示を教える」, then asks
 * it for the frame's structural snapshot (src/detection-report.ts: never chat, captions, transcripts or names).
 * It reads the page and writes nothing.
 */
import { captureStructure } from '../../src/detection-report';

(globalThis as { meetingGuardReport?: { capture(): unknown } }).meetingGuardReport = {
  capture: () => captureStructure(document),
};
