/**
 * Cisco Webex web app (<site>.webex.com). Evidence: ../shared/research/dom-indicators.md §5 and §8.4; the source
 * ids (S17, …) are that document's. Little is known (§7 item 3): the page kind, the password prompt and the lobby,
 * all from bots' `data-test` hooks (grade C, some B). Recording, captions, Webex AI Assistant and translation have
 * no known DOM and stay 'unknown'; no Japanese UI string is known, so nothing here reads text.
 *
 * The meeting UI lives in iframe#unified-webclient-iframe (S17, four hits); the content script runs in every frame,
 * and the iframe's own address is not known, so the frame is recognised by its web-app hooks as well as by address.
 */
import { type MeetingService, matches, query, type SelectorTable, unknownSignals } from './service';

/** Personal room /meet/<user> (also /meet/j.php), <site>/j.php?MTID=… (#53196192255, #70161867480, grade B). */
const PERSONAL_ROOM = /^\/meet\/([^/]+)\/?$/;
const JOIN_PHP = /^\/(?:[^/]+\/)?j\.php$/;
const JOIN_SERVICE = /^\/wbxmjs\/joinservice\/sites\/[^/]+\/meeting\/download\/([^/?]+)/;
const MEETING_INFO = /^\/webappng\/sites\/[^/]+\/meeting\/info\/([^/?]+)/;
/** The site's scheduler (§5 (a), grade I): a host's page before the meeting. */
const SCHEDULER = /^\/webappng\/sites\/[^/]+\/meeting\/scheduler(?:\/|$)/;

const table = {
  /** The outer page of the web app holding the meeting UI (S17; older name thinIframe); fixture shell.en. */
  webclientFrame: ['iframe#unified-webclient-iframe', 'iframe[name="thinIframe"]'],
  /** "Join from this browser" on the launcher page (S17, grade C); fixture launcher.*. */
  launcher: ['[data-test="join-browser-button"]', '#broadcom-center-right'],
  /** Pre-join inside the frame: name / email fields, join button (S17 #54132707775, #38167363573, #40714270758). */
  prejoin: [
    '[data-test="join-button"]',
    '#join-button',
    'input[data-test="Name (required)"]',
    'input[data-test="Email (required)"]',
  ],
  /**
   * In the meeting (#40714270758, best-effort, grade C; the chat toggle from an AWS Live Meeting Assistant script,
   * #70528400144, 2025). Fixture in-meeting.*.
   */
  inMeeting: [
    '[data-test="leave-button"]',
    '[data-test="participants-toggle-button"]',
    '[data-test="meeting-info-container"]',
    '[data-test="in-meeting-chat-toggle-button"]',
  ],
  /** Waiting for the host to admit this person (#40714270758, grade C); fixture lobby.*. */
  lobby: ['[data-test="lobby-container"]'],
  /** The web app's password dialog (#40714270758, grade C): recognised in any frame; fixture password.*. */
  passwordPrompt: ['[data-test*="password"]'],
  /** A plain password field, read only on a page already known to be a Webex meeting page (sign-in pages have one). */
  passwordInput: ['input[type="password"]'],
  /** Meeting title inside the frame (#70528400144, grade C). */
  title: ['h1[data-type="body-secondary"]'],
  /**
   * No public source shows how the web app marks recording, captions, translation or the AI Assistant
   * (dom-indicators.md §5 (b)-(g)). These lists stay empty, so those signals stay 'unknown'; an admin who
   * captures the live DOM can fill them through policy `selectorOverrides.webex` the same day.
   */
  recordingOn: [],
  transcriptionOn: [],
  translationOn: [],
  aiNotesOn: [],
} satisfies SelectorTable;

interface PageKind {
  phase: 'schedule' | 'prejoin';
  meetingId: string | null;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed escape: keep it raw
  }
}

/** What the address alone says; null when it names no meeting page (the site home, sign-in, settings). */
function pageKind(url: URL): PageKind | null {
  const path = url.pathname;
  if (SCHEDULER.test(path)) return { phase: 'schedule', meetingId: null };
  if (JOIN_PHP.test(path)) return { phase: 'prejoin', meetingId: url.searchParams.get('MTID') || null };
  const room = PERSONAL_ROOM.exec(path)?.[1];
  // A personal room is named per site: the site's host keeps two sites' "taro" apart.
  if (room) return { phase: 'prejoin', meetingId: `${url.hostname}/meet/${decode(room)}` };
  const id = JOIN_SERVICE.exec(path)?.[1] ?? MEETING_INFO.exec(path)?.[1];
  return id ? { phase: 'prejoin', meetingId: decode(id) } : null;
}

export const webex: MeetingService = {
  id: 'webex',
  name: 'Webex',
  matches: ['https://*.webex.com/*'],
  allFrames: true,
  table,
  // No DOM source for these (§5 (b)-(g), §7 item 3); Webex links are not known to carry the password.
  notReadYet: ['recording', 'transcription', 'translation', 'aiNotes', 'passcodeInLink'],
  read(doc, url, t) {
    const kind = pageKind(url);
    const frame = matches(doc, t.webclientFrame);
    const prejoin = matches(doc, t.prejoin);
    const inMeeting = matches(doc, t.inMeeting);
    const lobby = matches(doc, t.lobby);
    const prompt = matches(doc, t.passwordPrompt);
    const webApp = frame || prejoin || inMeeting || lobby;
    if (!kind && !webApp && !prompt && !matches(doc, t.launcher)) return null;

    const signals = unknownSignals();
    if (kind?.phase !== 'schedule') {
      // Being asked for the password proves the meeting has one; not being asked proves nothing.
      signals.passcode = prompt || matches(doc, t.passwordInput) ? 'on' : 'unknown';
      signals.waitingRoom = lobby ? 'on' : 'unknown';
      // Vendor fact: Webex Meetings Web App and Webex Web App cannot join E2EE session types (help.webex.com
      // WBX44739, anchors.md §2.4). Only once this is the web app: from the launcher the desktop app may be used.
      if (webApp) signals.e2ee = 'off';
      // Only what the admin's policy taught us: seen 'on', otherwise still unknown (never 'off').
      if (matches(doc, t.recordingOn)) signals.recording = 'on';
      if (matches(doc, t.transcriptionOn)) signals.transcription = 'on';
      if (matches(doc, t.translationOn)) signals.translation = 'on';
      if (matches(doc, t.aiNotesOn)) signals.aiNotes = 'on';
    }

    return {
      service: 'webex',
      meetingId: kind?.meetingId ?? null,
      title: query(doc, t.title)?.textContent?.trim() || null,
      phase: kind?.phase === 'schedule' ? 'schedule' : inMeeting && !lobby ? 'meeting' : 'prejoin',
      role: kind?.phase === 'schedule' ? 'host' : lobby ? 'participant' : 'unknown',
      signals,
    };
  },
};
