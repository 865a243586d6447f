/**
 * Google Meet (meet.google.com). Evidence: ../shared/research/dom-indicators.md §2 and §8.1; the
 * source ids (S3, S4, …) are that document's. Meet localizes by the Google account's language, not
 * the browser's, so every text entry lists Japanese and English.
 */
import {
  labelIn,
  type MeetingService,
  matches,
  query,
  type SelectorTable,
  type Signal,
  textIn,
  tri,
  unknownSignals,
} from './service';

const MEETING_CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})\/?$/; // S8 meetUrlParser.ts

const table = {
  /** Join only by knocking: the host must admit this person (a waiting room, seen from inside). */
  askToJoinText: [
    'Ask to join', // S4; fixture prejoin-ask.en
    '参加をリクエスト', // S15; fixture prejoin-ask.ja
  ],
  /** Waiting for admission (S5 googleWaitingRoomIndicators, S4); fixture waiting-admission.en. */
  waitingForAdmissionText: ['Asking to be let in', 'someone lets you in'],
  buttons: ['button', '[role="button"]'],
  textScopes: ['body'],
  /** In the call: the leave button (S10 jsname; S4/S5/S15 labels), else its locale-free icon (S3). */
  inCall: [
    'button[jsname="CQylAd"]', // S10 leave_call_event_handler.js (2024-08-09)
    'button[aria-label="Leave call"]', // S4, S5, S7
    'button[aria-label="通話から退出"]', // S15
  ],
  iconScopes: ['i.google-symbols', 'i.google-material-icons', 'i.material-icons-extended'],
  inCallIconText: ['call_end'], // S3: "used to detect meeting start"
  meetingId: ['[data-meeting-code]', 'c-wiz[data-unresolved-meeting-id]'],
  /** NON CRITICAL: obfuscated class (S3); nothing better is known for the title. */
  title: ['.u6vdEc'],
  owner: ['c-wiz[__is_owner]'], // S13 (grade C): "true" for the meeting's owner
  /** Captions button: both the Feb 2026 and the earlier jsname (S10); aria-pressed says the state. */
  captionsButton: ['button[jsname="RrG0hf"]', 'button[jsname="r8qRAd"]'],
  captionsOnLabel: ['Turn off captions', '字幕をオフにする'], // S4, S16: the label names the action
  captionsOffLabel: ['Turn on captions', '字幕をオンにする'],
  // English only: the Japanese label of the caption region is not known (§1.5); policy can add it.
  captionRegion: ['div[role="region"][aria-label="Captions"]'],
  /** Consent dialogs and the banner at the very top (S4, S14; attendee PR #604). */
  noticeScopes: ['[role="dialog"]', '[role="alertdialog"]', '[role="banner"]', '[role="status"]'],
  recordingOnText: ['is being recorded', 'being recorded and transcribed'],
  transcriptionOnText: ['is being transcribed', 'recorded and transcribed'],
  aiNotesOnText: ['Gemini is taking notes'], // S4 (2025-11-19), S14; Japanese unknown
  /** Recording pill (S13, grade C): the marker element, then the record icon in the page. */
  recordingMarker: ['[data-auto-ack-recording]'],
  recordingIconText: ['radio_button_checked'],
  /** Guard (policy e2eBreakingFeatures): the control that turns captions on (S10 jsnames, S4/S16 labels). */
  guardTranscription: [
    'button[jsname="RrG0hf"][aria-pressed="false"]',
    'button[jsname="r8qRAd"][aria-pressed="false"]',
    'button[aria-label="Turn on captions"]',
    'button[aria-label="字幕をオンにする"]',
  ],
} satisfies SelectorTable;

function iconShown(doc: Document, t: SelectorTable, names: readonly string[] | undefined): boolean {
  return textIn(doc, t.iconScopes, names);
}

function readCaptions(doc: Document, t: SelectorTable): Signal {
  const button = query(doc, t.captionsButton);
  if (button) {
    // aria-pressed first: the 2024 button carries both icons at once (fixture captions-2024.en).
    const pressed = button.getAttribute('aria-pressed');
    if (pressed === 'true') return 'on';
    if (pressed === 'false') return 'off';
  }
  const onLabel = labelIn(doc, t.buttons, t.captionsOnLabel);
  const offLabel = labelIn(doc, t.buttons, t.captionsOffLabel);
  if (onLabel || offLabel) return tri(onLabel, offLabel);
  return matches(doc, t.captionRegion) ? 'on' : 'unknown';
}

export const meet: MeetingService = {
  id: 'meet',
  name: 'Google Meet',
  matches: ['https://meet.google.com/*'],
  table,
  // Meet has no meeting passcode, and no client-side-encryption indicator is known (§2 (f), (g)).
  neverShown: { passcode: 'google-meet-help-join' },
  notReadYet: ['e2ee', 'translation'],
  read(doc, url, t) {
    const code = MEETING_CODE.exec(url.pathname)?.[1];
    if (!code) return null; // the home page, a landing page: not a meeting

    const inCall = matches(doc, t.inCall) || iconShown(doc, t, t.inCallIconText);
    const owner = query(doc, t.owner)?.getAttribute('__is_owner');
    // Knocking is read only before the call: the pre-join page is small, the call's text is not.
    const knocking =
      !inCall && (textIn(doc, t.buttons, t.askToJoinText) || textIn(doc, t.textScopes, t.waitingForAdmissionText));

    const signals = unknownSignals();
    // Captions are one viewer's; they still put the meeting's words through Google's speech service.
    const captions = readCaptions(doc, t);
    const transcribed = textIn(doc, t.noticeScopes, t.transcriptionOnText);
    // Captions off is not transcription off: a saved transcript shows no button state. Only 'on' is read.
    signals.transcription = captions === 'on' || transcribed ? 'on' : 'unknown';
    const recordingPill = matches(doc, t.recordingMarker) && iconShown(doc, t, t.recordingIconText);
    signals.recording = recordingPill || textIn(doc, t.noticeScopes, t.recordingOnText) ? 'on' : 'unknown';
    signals.aiNotes = textIn(doc, t.noticeScopes, t.aiNotesOnText) ? 'on' : 'unknown';
    // Having to knock proves the meeting admits people by hand; "Join now" proves nothing either way.
    signals.waitingRoom = knocking ? 'on' : 'unknown';
    // Meet links carry a meeting code and never a passcode.
    signals.passcodeInLink = 'off';

    const idElement = query(doc, t.meetingId);
    const meetingId =
      idElement?.getAttribute('data-meeting-code') || idElement?.getAttribute('data-unresolved-meeting-id') || code;
    const title = query(doc, t.title)?.textContent?.trim() || null;

    return {
      service: 'meet',
      meetingId,
      title,
      // Anything short of the call (green room, knocking, still loading) is before joining.
      phase: inCall ? 'meeting' : 'prejoin',
      role: owner === 'true' ? 'host' : owner === 'false' || knocking ? 'participant' : 'unknown',
      signals,
    };
  },
};
