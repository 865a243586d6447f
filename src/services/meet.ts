/**
 * Google Meet (meet.google.com). Every entry names its source by the id listed under "Google Meet" in
 * docs/sources.md, with its grade. Meet localizes by the Google account's language, not the browser's
 * (streamdeck-googlemeet issue #7), so text entries list Japanese and English where a source gives them. Japanese:
 * the recording indicator's accessible name and the recording panel's start controls are quoted by public extensions
 * made for Japanese Meet users (grade C, one extension each; they only add 'on' evidence and guarded controls); the
 * Japanese transcription and Gemini notices are not (policy `selectorOverrides.meet` can add them; a Japanese page
 * reads 'unknown' there, never 'off'). Locale-free hooks (jsname, icon ligatures, aria-pressed) carry the rest.
 */
import { breaking, fact, PageReader, type Reading, safeguard, signalsFrom } from './read';
import type { MeetingService, SelectorTable, SignalName } from './service';

const MEETING_CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})\/?$/; // meetingbaas meetUrlParser.ts (B)

const table = {
  /** Join only by knocking: the host must admit this person (a waiting room, seen from inside). attendee (B). */
  askToJoinText: ['Ask to join'],
  /** Waiting for admission (vexa googleWaitingRoomIndicators, attendee; B); fixture waiting-admission.en. */
  waitingForAdmissionText: ['Asking to be let in', 'someone lets you in'],
  buttons: ['button', '[role="button"]'],
  textScopes: ['body'],
  /** In the call: the leave button (streamdeck-googlemeet jsname; attendee, vexa, meetingbot labels), else its icon. */
  inCall: [
    'button[jsname="CQylAd"]', // streamdeck-googlemeet leave_call_event_handler.js (B)
    'button[aria-label="Leave call"]', // attendee, vexa, meetingbot (B)
  ],
  iconScopes: ['i.google-symbols', 'i.google-material-icons', 'i.material-icons-extended'],
  inCallIconText: ['call_end'], // transcriptonic: "used to detect meeting start" (B)
  /** NON CRITICAL: obfuscated class (transcriptonic, B); nothing better is known for the title. */
  title: ['.u6vdEc'],
  /** Captions button: both the Feb 2026 and the earlier jsname (streamdeck-googlemeet, B); aria-pressed says the state. */
  captionsButton: ['button[jsname="RrG0hf"]', 'button[jsname="r8qRAd"]'],
  /** The label names the action (attendee; transcriptonic issue #21 shows the 2024 button; B). Japanese: no source. */
  captionsOnLabel: ['Turn off captions'],
  captionsOffLabel: ['Turn on captions'],
  /** English only (transcriptonic issue #31: the region's label is localized); policy can add other languages. */
  captionRegion: ['div[role="region"][aria-label="Captions"]'],
  /**
   * Where Meet's notices are read: its consent dialogs (attendee checkNeededInteractions, B), the banner at the very
   * top that shows recording / transcribing / Gemini (attendee PR #604, B), alerts and status messages. Polite live
   * regions are left out on purpose: Meet's chat list is one (transcriptonic's chat DOM), and chat can quote a notice.
   */
  noticeScopes: ['[role="dialog"]', '[role="alertdialog"]', '[role="banner"]', '[role="alert"]', '[role="status"]'],
  /**
   * attendee (2025-05-08, widened 2025-11-19; B); Japanese: the recording indicator's accessible name
   * 「この通話は録画されています」 (meet-auto-recording, C), should Meet also show it as text in a notice.
   */
  recordingOnText: ['is being recorded', 'being recorded and transcribed', 'この通話は録画されています'],
  /** Elements that carry an accessible name: the recording indicator is an icon with an aria-label. */
  labelled: ['[aria-label]'],
  /**
   * The recording indicator by its accessible name: meet-auto-recording (C) takes the indicator as recording when its
   * aria-label is exactly 「この通話は録画されています」. English: no source gives the indicator's name.
   */
  recordingIndicatorLabel: ['この通話は録画されています'],
  transcriptionOnText: ['is being transcribed', 'recorded and transcribed'],
  /** attendee (2025-11-19; B); Gemini "Take notes for me" (google-meet-help-gemini-notes). Japanese: no source. */
  aiNotesOnText: ['Gemini is taking notes'],
  /** Translated captions: no public source shows how Meet marks them; empty, taught by policy (read in noticeScopes). */
  translationOnText: [],
  /** Guard (policy e2eBreakingFeatures): the control that turns captions on (streamdeck-googlemeet jsnames, attendee label). */
  guardTranscription: [
    'button[jsname="RrG0hf"][aria-pressed="false"]',
    'button[jsname="r8qRAd"][aria-pressed="false"]',
    'button[aria-label="Turn on captions"]',
  ],
  /**
   * Guard, by the control's exact name (content/guard.ts): the recording panel's 「録画を開始」 button
   * (meet-auto-recording c303678 clicks the button whose text it is; meet-panel-checkboxes names it, C each).
   */
  guardRecordingText: ['録画を開始'],
  /** The recording panel's checkbox that also starts a transcript with the recording (meet-panel-checkboxes, C). */
  guardTranscriptionText: ['文字起こしも開始'],
  /** The same panel's checkbox that also starts Gemini's notes (meet-panel-checkboxes, C). */
  guardAiNotesText: ['Gemini によるメモ作成も開始する'],
} satisfies SelectorTable;

/** Live captions from the captions button (aria-pressed first), its label, or the caption region. Only 'on' is read. */
function readCaptions(r: PageReader): Reading {
  const button = r.element('captionsButton');
  const pressed = button?.getAttribute('aria-pressed');
  // aria-pressed first: the 2024 button carries both icons at once (fixture captions-2024-on.en).
  if (pressed === 'true') return breaking([r.has('captionsButton')]);
  const onLabel = pressed === 'false' ? null : r.label('buttons', 'captionsOnLabel');
  // Captions off is not transcription off: a saved transcript shows no button state, so off is never evidence here.
  return breaking([onLabel, r.has('captionRegion')]);
}

export const meet: MeetingService = {
  id: 'meet',
  name: 'Google Meet',
  matches: ['https://meet.google.com/*'],
  table,
  // Meet has no meeting passcode: people join by link, meeting code, or phone PIN (google-meet-help-join).
  neverShown: { passcode: 'google-meet-help-join' },
  // Client-side encryption and translated captions: no source shows how the browser marks them.
  notReadYet: ['e2ee', 'translation'],
  onEvidenceKeys: {
    recording: ['recordingOnText', 'recordingIndicatorLabel'],
    transcription: ['transcriptionOnText', 'captionsButton', 'captionsOnLabel', 'captionRegion'],
    aiNotes: ['aiNotesOnText'],
    translation: ['translationOnText'],
  },
  read(doc, url, t) {
    const code = MEETING_CODE.exec(url.pathname)?.[1];
    if (!code) return null; // the home page, a landing page: not a meeting

    const r = new PageReader(doc, t);
    const inCall = r.has('inCall') ?? r.text('iconScopes', 'inCallIconText');
    // Knocking is read only before the call: the pre-join page is small, the call's text is not.
    const knocking = !inCall
      ? (r.text('buttons', 'askToJoinText') ?? r.text('textScopes', 'waitingForAdmissionText'))
      : null;

    const captions = readCaptions(r);
    const readings: Partial<Record<SignalName, Reading>> = {
      // Captions are one viewer's; they still put the meeting's words through Google's speech service.
      transcription: breaking([...captions.on, r.text('noticeScopes', 'transcriptionOnText')]),
      recording: breaking([r.text('noticeScopes', 'recordingOnText'), r.label('labelled', 'recordingIndicatorLabel')]),
      aiNotes: breaking([r.text('noticeScopes', 'aiNotesOnText')]),
      translation: breaking([r.text('noticeScopes', 'translationOnText')]),
      // Having to knock proves the meeting admits people by hand; "Join now" proves nothing either way.
      waitingRoom: safeguard([knocking]),
      // Meet links carry a meeting code and never a passcode.
      passcodeInLink: safeguard([], [fact('address', 'Meet address: meeting code only')]),
    };
    const { signals, evidence } = signalsFrom(readings);

    return {
      service: 'meet',
      meetingId: code,
      title: r.element('title')?.textContent.trim() || null,
      // Anything short of the call (green room, knocking, still loading) is before joining.
      phase: inCall ? 'meeting' : 'prejoin',
      role: knocking ? 'participant' : 'unknown',
      signals,
      evidence,
    };
  },
};
