/**
 * Microsoft Teams on the web (teams.microsoft.com, teams.live.com, teams.cloud.microsoft). Every entry names its
 * source by the id listed under "Microsoft Teams" in docs/sources.md, with its grade.
 *
 * Recording and transcription: Teams tells everyone in the meeting when a recording or transcription starts, in a
 * notice with a privacy link (teams-record-support). The wording read is Microsoft's notice wording for calls built on
 * Azure Communication Services (acs-ui-library: exact for that library, test/unit/services/teams-evidence.test.ts);
 * no public source shows the Teams web client uses the same words (English: C, the library's title matching the
 * words a third party quotes; Japanese: I, unproven). Teams' own compliance-recording banner is quoted by users
 * (teams-compliance-banner, C). How the Teams web client marks the notice up is not public, so the strings are read only inside the page's alerts,
 * status messages and dialogs (`noticeScopes`), never across the page (a chat message quoting them is no notice).
 * The running indicator in the call header: only its Japanese label from one blog (office365room, grade C); its
 * English label is not known, so it is left to policy. Copilot and translated captions: no source shows how the
 * browser marks them: not read yet (empty `aiNotesNoticeText` / `translationNoticeText`, taught by policy).
 */
import {
  breaking,
  controlState,
  type Evidence,
  fact,
  type Hit,
  normalizeText,
  PageReader,
  queryAll,
  type Reading,
  safeDecode,
  safeguard,
  signalsFrom,
} from './read';
import { type MeetingService, notetakersIn, type SelectorTable, type SignalName, type Snapshot } from './service';

const table = {
  /** Pre-join page controls (transcriptonic polls #prejoin-join-button; attendee, screenapp, meetingbot the data-tid). */
  prejoin: [
    '#prejoin-join-button', // transcriptonic (B)
    '[data-tid="prejoin-join-button"]', // transcriptonic, attendee, screenapp, meetingbot (B)
    'input[data-tid="prejoin-display-name-input"]', // attendee, screenapp, meetingbot (B)
  ],
  /** In the call: the hang-up button and its variants; fixture meeting.*. */
  inCall: [
    '#hangup-button', // transcriptonic, vexa, live-captions-saver (B)
    'button[data-tid="hangup-main-btn"]', // attendee, vexa, live-captions-saver (B)
    '[data-inp="hangup-button"]', // meetingbaas (C)
    'button[data-tid="hangup-leave-button"]', // live-captions-saver (B)
    'button[data-tid="hangup-end-meeting-button"]', // live-captions-saver (B)
  ],
  /** Waiting to be admitted (attendee, vexa; B). Japanese: no source, left to policy (fixture lobby.ja). */
  lobbyText: [
    'Someone will let you in soon',
    'Someone will let you in shortly',
    'Waiting for someone to let you in',
    "You're in the lobby",
    'Wait for someone to admit you',
  ],
  /** Lobby text is read only on a join page, which is small. */
  lobbyTextScopes: ['body'],
  /** E2EE failure screen (attendee teams_chromedriver_payload.js, B); fixture e2ee-error.*. */
  e2eeEndScreen: ['[data-tid="calling-e2ee-end-screen"]'],
  /**
   * Live-caption containers (transcriptonic, vexa, live-captions-saver; B). Teams renamed the container in July 2025
   * (live-captions-saver issue #14), hence the wildcard last; it skips controls so a captions *button* is never read
   * as captions on. Fixtures meeting-captions.en (host shape, wildcard) and meeting-captions.ja (guest shape).
   */
  captions: [
    '[data-tid="closed-caption-renderer-wrapper"]',
    '[data-tid="closed-caption-v2-window-wrapper"]',
    '[data-tid="closed-caption-v2-virtual-list-content"]',
    '[data-tid="closed-captions-renderer"]',
    '[data-tid*="closed-caption"]:not(button):not([role="button"]):not([role="menuitem"])',
  ],
  /**
   * Where Teams' notices are read: alerts, status messages, dialogs (the explicit-consent prompt, teams-recording-
   * policy) and assertive live regions. The Teams notices of acs-ui-library are role="alert" aria-live="assertive".
   * Polite live regions are left out on purpose: a chat list is one, and a chat message can quote a notice.
   */
  noticeScopes: [
    '[role="alert"]',
    '[role="status"]',
    '[role="alertdialog"]',
    '[role="dialog"]',
    '[aria-live="assertive"]',
  ],
  /**
   * Recording started: acs-ui-library's strings, each with its key (exact for the library; that the Teams web client
   * shows them is C in English, I in Japanese), and Teams' compliance-recording banner (teams-compliance-banner, C).
   * The "stopped" and "being saved" notices are deliberately absent: they say off, and an old notice must not hide a
   * running one.
   */
  recordingNoticeText: [
    'Recording has started.', // notificationStack.recordingStarted.title
    'レコーディングが開始しました。', // notificationStack.recordingStarted.title
    'レコーディングを開始しました。', // call.complianceBannerRecordingStarted
    'Recording and transcription have started.', // notificationStack.recordingAndTranscriptionStarted.title
    'レコーディングとトランスクリプトが開始されました。', // notificationStack.recordingAndTranscriptionStarted.title
    'You are now only recording this meeting.', // notificationStack.transcriptionStoppedStillRecording.message
    '今はこの会議の録画のみを行っています。', // notificationStack.transcriptionStoppedStillRecording.message
    // Teams' own compliance-recording banner, quoted by users (source teams-compliance-banner; English only).
    'Policy applied to one or more participants requires this call to be recorded.', // source: teams-compliance-banner
  ],
  /** Transcription started: the same acs-ui-library strings, each with its key; grades as above. */
  transcriptionNoticeText: [
    'Transcription has started.', // notificationStack.transcriptionStarted.title
    '文字起こしが開始しました。', // notificationStack.transcriptionStarted.title
    'トランスクリプトが開始しました。', // call.complianceBannerTranscriptionStarted
    'Recording and transcription have started.', // notificationStack.recordingAndTranscriptionStarted.title
    'レコーディングとトランスクリプトが開始されました。', // notificationStack.recordingAndTranscriptionStarted.title
    'You are now only transcribing this meeting.', // notificationStack.recordingStoppedStillTranscribing.message
    'この会議のトランスクリプトを作成しています。', // notificationStack.recordingStoppedStillTranscribing.message
  ],
  /**
   * Copilot and translated captions / interpretation: no public source gives how the browser shows them, so these are
   * empty; an admin who sees the tenant's wording adds it (read in `noticeScopes`, like the notices above).
   */
  aiNotesNoticeText: [],
  translationNoticeText: [],
  /** The call's header area (attendee, vexa: data-tid="app-layout-area--header"; B). */
  callHeader: ['[data-tid="app-layout-area--header"]'],
  /** Controls and badges in the header that carry a label. */
  callHeaderLabelled: [
    '[data-tid="app-layout-area--header"] [aria-label]',
    '[data-tid="app-layout-area--header"] [title]',
  ],
  /**
   * The running recording indicator in the header: 「レコーディング中」 with a red mark and the elapsed time
   * (office365room, C). English: no source; policy can add the tenant's wording.
   */
  recordingIndicatorText: ['レコーディング中'],
  recordingIndicatorLabel: ['レコーディング中'],
  /** Roster rows, one per participant, name in the text (live-captions-saver attendeeItem, B); fixture meeting-captions.en. */
  rosterRow: ['[data-tid^="participantsInCall-"]'],
  /** Meeting title in the call (lma-extension teams.js reads [data-tid="call-title"]; B). */
  title: ['[data-tid="call-title"]'],

  // Meeting options page. Its DOM is not public (grade I for roles and wiring); the option names are Microsoft's
  // documented English names (teams-lobby-doc; teams-options-labels, I as to where they sit).
  /** Toggle controls on the options page; state in aria-checked, or the checked property of a checkbox. */
  optionSwitches: ['[role="switch"]', 'input[type="checkbox"]'],
  /** Drop-downs on the options page; the chosen value is their text (or a <select>'s chosen option). */
  optionChoosers: ['[role="combobox"]', 'select', 'button[aria-haspopup="listbox"]'],
  lobbyBypassLabelText: ['Who can bypass the lobby'], // ja: no source
  /**
   * "Who can bypass the lobby" values, compared whole (teams-lobby-doc, the organizer's and the admin's wording): the
   * values that hold everyone from outside the organisation in the lobby read as a waiting room.
   */
  lobbyRestrictedText: [
    'People in my organization',
    'People in my org',
    'People who were invited',
    'Only people who were invited',
    'Only organizers and co-organizers',
    'Only me and co-organizers', // butler-teams-settings (C)
  ],
  /** Everyone bypasses: no waiting room (teams-lobby-doc). */
  lobbyEveryoneText: ['Everyone'],
  /** Guests (and trusted organisations) bypass, unchecked: not the waiting room the guideline asks for (teams-lobby-doc). */
  lobbyGuestsBypassText: [
    'People in my organization and guests',
    'People in my org and guests',
    'People in my organization, trusted organizations, and guests',
    'People in my org, trusted orgs, and guests',
  ],
  autoRecordLabelText: ['Record and transcribe automatically'], // ja: no source
  e2eeOptionLabelText: ['meeting end-to-end encryption'], // "Enable meeting end-to-end encryption"; ja: no source
  /**
   * Guard (policy e2eBreakingFeatures): the live-captions toggle, by id, so any language (live-captions-saver's
   * TURN_ON_CAPTIONS_BUTTON, grade B). The guard stands aside once captions are on, so the toggle can still turn them
   * off. No public source shows the controls that start recording, translation or Copilot: an admin can add them.
   */
  guardTranscription: ['#closed-captions-button'],
} satisfies SelectorTable;

/** Join links carry the meeting's thread id (meetingbaas teamsUrlParser.ts): `19:meeting_…@thread.v2`. */
const MEETUP_JOIN = /\/l\/meetup-join\/(19:[^/?#&]+)/i;
/** Meeting-ID links `/meet/<id>?p=<passcode>` (teams.live.com, and the newer teams.microsoft.com form). */
const MEET_ID = /\/meet\/([A-Za-z0-9_-]+)(?:\?([^#]*))?/;
const OPTIONS_PATH = /^\/meetingoptions\/?$/i;

interface TeamsLink {
  isJoin: boolean;
  meetingId: string | null;
  passcode: boolean;
}

/** `light-meetings/launch?coords=<base64 JSON>` carries the thread id as `conversationId`. */
function lightMeetingId(url: URL): string | null {
  const coords = url.searchParams.get('coords');
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent; a shortcut, the try below returns null too (atob('null') is no JSON, a missing atob throws)
  if (!coords || typeof atob !== 'function') return null;
  try {
    const parsed: unknown = JSON.parse(atob(coords));
    // Stryker disable next-line OptionalChaining: equivalent; a property of JSON null throws, and the catch returns null
    const id = (parsed as { conversationId?: unknown } | null)?.conversationId;
    if (typeof id === 'string' && id) return id;
  } catch {
    // Not base64 JSON: the address names no meeting.
  }
  return null;
}

function parseLink(url: URL): TeamsLink {
  // Decoded twice: the launcher and the v2 app nest the join path, encoded, in a parameter or the hash.
  const href = safeDecode(safeDecode(url.href));
  const thread = MEETUP_JOIN.exec(href)?.[1];
  if (thread) return { isJoin: true, meetingId: thread, passcode: false };
  const meet = MEET_ID.exec(href);
  if (meet?.[1]) {
    const passcode = Boolean(new URLSearchParams(meet[2]).get('p'));
    return { isJoin: true, meetingId: meet[1], passcode };
  }
  const light = lightMeetingId(url);
  if (light) return { isJoin: true, meetingId: light, passcode: false };
  return { isJoin: false, meetingId: null, passcode: false };
}

/** The control's accessible name: aria-label, aria-labelledby, <label for>, or an enclosing <label>. */
function accessibleName(element: Element): string {
  const doc = element.ownerDocument;
  // join() writes a missing part (null, undefined) as nothing.
  const parts: (string | null | undefined)[] = [element.getAttribute('aria-label')];
  // Stryker disable next-line Regex,ArrayDeclaration: equivalent; \s for \s+ only adds empty ids, which the next line skips; a made-up list item holds white space, which no HTML id does
  for (const id of element.getAttribute('aria-labelledby')?.split(/\s+/) ?? []) {
    // Stryker disable next-line ConditionalExpression: equivalent; a shortcut, an empty id names no element (getElementById('') is null)
    if (id) parts.push(doc.getElementById(id)?.textContent);
  }
  const id = element.getAttribute('id');
  if (id) {
    for (const label of doc.querySelectorAll('label[for]')) {
      if (label.getAttribute('for') === id) parts.push(label.textContent);
    }
  }
  parts.push(element.closest('label')?.textContent);
  return normalizeText(parts.join(' '));
}

/** The first needle of `key` contained in `text`, as evidence. */
function containing(text: string, t: SelectorTable, key: string): Hit {
  const needles = t[key];
  if (!needles) return null; // a key the table lacks finds nothing (no made-up needle stands in for it)
  const needle = needles.find((raw) => {
    const norm = normalizeText(raw);
    return norm && text.includes(norm);
  });
  return needle ? { key, match: needle } : null;
}

/** The needle of `key` equal to the whole of `text`: option values are compared whole, never as substrings. */
function equalTo(text: string, t: SelectorTable, key: string): Hit {
  const needles = t[key];
  if (!needles) return null;
  const needle = needles.find((raw) => {
    const norm = normalizeText(raw);
    return norm && text === norm;
  });
  return needle ? { key, match: needle } : null;
}

/** Controls of `scopesKey` whose accessible name contains a needle of `labelKey`, with the needle. */
function named(doc: Document, t: SelectorTable, scopesKey: string, labelKey: string) {
  const found: { element: Element; hit: Evidence }[] = [];
  // One control can match several alternatives (a checkbox with role="switch"): count it once.
  for (const element of new Set(queryAll(doc, t[scopesKey]))) {
    const hit = containing(accessibleName(element), t, labelKey);
    if (hit) found.push({ element, hit });
  }
  return found;
}

/** A drop-down's chosen value: a <select>'s chosen option, else the value the control shows. */
function chosenText(element: Element): string {
  if (element.tagName === 'SELECT') {
    const select = element as HTMLSelectElement;
    return normalizeText(select.selectedOptions[0]?.textContent ?? select.value);
  }
  return normalizeText(element.getAttribute('aria-valuetext') ?? element.getAttribute('value') ?? element.textContent);
}

function readOptions(doc: Document, url: URL, t: SelectorTable): Snapshot {
  const r = new PageReader(doc, t);
  const bypass = named(doc, t, 'optionChoosers', 'lobbyBypassLabelText').map(({ element }) => chosenText(element));
  // Whole values only: "People in my organization and guests" lets guests in unchecked, it is not the org-only value.
  const waitingRoom = safeguard(
    bypass.map((value) => equalTo(value, t, 'lobbyRestrictedText')),
    bypass.flatMap((value) => [equalTo(value, t, 'lobbyEveryoneText'), equalTo(value, t, 'lobbyGuestsBypassText')]),
  );
  // Auto-record on: the meeting is recorded and transcribed from its start. Off only says it will not start by
  // itself (anyone allowed may still start it), so it is no "off" evidence for recording or transcription.
  const autoRecord = named(doc, t, 'optionSwitches', 'autoRecordLabelText')
    .filter(({ element }) => controlState(element) === true)
    .map(({ hit }) => hit);
  const e2eeSwitches = named(doc, t, 'optionSwitches', 'e2eeOptionLabelText');
  const e2ee = safeguard(
    e2eeSwitches.filter(({ element }) => controlState(element) === true).map(({ hit }) => hit),
    e2eeSwitches.filter(({ element }) => controlState(element) === false).map(({ hit }) => hit),
  );
  const threadId = url.searchParams.get('threadId');
  const { signals, evidence } = signalsFrom({
    waitingRoom,
    recording: breaking(autoRecord),
    transcription: breaking(autoRecord),
    e2ee,
  });
  return {
    service: 'teams',
    // The options URL spells the thread id `19_meeting_…` where join links have `19:meeting_…`.
    meetingId: threadId ? threadId.replace(/^19_/, '19:') : null,
    title: null,
    phase: 'schedule',
    // Only the organizer and co-organizers are offered the controls (grade I); without them we cannot tell.
    role: r.has('optionSwitches') || r.has('optionChoosers') ? 'host' : 'unknown',
    signals,
    evidence,
  };
}

export const teams: MeetingService = {
  id: 'teams',
  name: 'Microsoft Teams',
  matches: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
  table,
  // Copilot's and translated captions' marks in the browser: no source (docs/sources.md, Microsoft Teams).
  notReadYet: ['translation', 'aiNotes'],
  onEvidenceKeys: {
    recording: ['recordingNoticeText', 'recordingIndicatorText', 'recordingIndicatorLabel', 'autoRecordLabelText'],
    transcription: ['transcriptionNoticeText', 'captions', 'autoRecordLabelText'],
    translation: ['translationNoticeText'],
    aiNotes: ['aiNotesNoticeText'],
  },
  read(doc, url, t) {
    if (OPTIONS_PATH.test(url.pathname)) return readOptions(doc, url, t);

    const r = new PageReader(doc, t);
    const link = parseLink(url);
    const inCall = r.has('inCall');
    const prejoin = !inCall ? r.has('prejoin') : null;
    const e2eeEnd = r.has('e2eeEndScreen');
    // Lobby text only on a join page: a chat message quoting it is not a lobby (fixture chat.en).
    const knocking = !inCall && (link.isJoin || prejoin) ? r.text('lobbyTextScopes', 'lobbyText') : null;
    // Chat, calendar, activity…: not a meeting page.
    if (!link.isJoin && !inCall && !prejoin && !knocking && !e2eeEnd) return null;

    const readings: Partial<Record<SignalName, Reading>> = {
      recording: breaking([
        r.text('noticeScopes', 'recordingNoticeText'),
        r.text('callHeader', 'recordingIndicatorText'),
        r.label('callHeaderLabelled', 'recordingIndicatorLabel'),
      ]),
      transcription: breaking([r.has('captions'), r.text('noticeScopes', 'transcriptionNoticeText')]),
      translation: breaking([r.text('noticeScopes', 'translationNoticeText')]),
      aiNotes: breaking([r.text('noticeScopes', 'aiNotesNoticeText')]),
      waitingRoom: safeguard([knocking]),
    };
    // Vendor fact: Teams E2EE meetings cannot be attended from a browser, only from the desktop or mobile clients
    // (teams-e2ee-doc). So where we see the web client itself, the meeting is not E2EE for this person. Not on the
    // E2EE failure screen (the meeting may be E2EE), nor on a launcher that may hand over to the app.
    if (!e2eeEnd && (inCall || prejoin || knocking))
      readings.e2ee = safeguard([], [fact('vendorFact', 'teams-e2ee-doc: web client in use')]);
    if (link.passcode) readings.passcode = safeguard([fact('address', 'p= in the join link')]);
    const { signals, evidence } = signalsFrom(readings);
    if (link.isJoin) signals.passcodeInLink = link.passcode ? 'on' : 'off';

    const snapshot: Snapshot = {
      service: 'teams',
      meetingId: link.meetingId,
      title: r.element('title')?.textContent.trim() || null,
      phase: inCall ? 'meeting' : 'prejoin',
      // Someone waiting to be admitted is not the organizer; otherwise the page does not say.
      role: knocking ? 'participant' : 'unknown',
      signals,
      evidence,
    };
    // Only when the roster is open: an absent list says nothing about bots.
    if (r.has('rosterRow')) snapshot.notetakers = notetakersIn(doc, t.rosterRow, t.notetakerNameText);
    return snapshot;
  },
};
