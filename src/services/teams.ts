/**
 * Microsoft Teams on the web (teams.microsoft.com, teams.live.com, teams.cloud.microsoft). Evidence:
 * ../shared/research/dom-indicators.md §4 and §8.3; the source ids (S3, S4, …) are that document's.
 * No Japanese Teams UI string is known from any source (§1.5), so the few text entries carry English
 * only; their Japanese strings are to be added (here or by policy) once captured from a live page (§7
 * item 2). Until then a Japanese page reads 'unknown' there, never 'off' (fixtures lobby.ja,
 * meeting-options.ja). Recording, Copilot and translated-caption indicators are unknown (§4 (b), (d)).
 */
import {
  type MeetingService,
  matches,
  normalizeText,
  notetakersIn,
  query,
  queryAll,
  type SelectorTable,
  type Signal,
  type Snapshot,
  textIn,
  tri,
  unknownSignals,
} from './service';

const table = {
  /** Pre-join page controls (S3 polls #prejoin-join-button; S4, S6, S7 use the data-tid values); fixture prejoin.*. */
  prejoin: [
    '#prejoin-join-button', // S3
    '[data-tid="prejoin-join-button"]', // S3, S4, S6, S7
    'input[data-tid="prejoin-display-name-input"]', // S4, S6, S7
  ],
  /** In the call: the hang-up button and its variants (S3, S4, S5, S8, S9); fixture meeting.*. */
  inCall: [
    '#hangup-button', // S3, S5, S9
    'button[data-tid="hangup-main-btn"]', // S4, S5, S9
    '[data-inp="hangup-button"]', // S8
    'button[data-tid="hangup-leave-button"]', // S9
    'button[data-tid="hangup-end-meeting-button"]', // S9
  ],
  /** Waiting to be admitted (S4, S5; S5 selectors.ts lists the last three). Japanese: unknown (§1.5). */
  lobbyText: [
    'Someone will let you in soon', // S4, S5; fixture lobby.en
    'Someone will let you in shortly', // S5
    'Waiting for someone to let you in', // S4, S5
    "You're in the lobby", // S5
    'Wait for someone to admit you', // S5
  ],
  /** Lobby text is read only on a join page, which is small (rule 6). */
  lobbyTextScopes: ['body'],
  /** E2EE failure screen (S4 teams_chromedriver_payload.js); fixture e2ee-error.*. */
  e2eeEndScreen: ['[data-tid="calling-e2ee-end-screen"]'],
  /**
   * Live-caption containers (S3, S5 verified 2026-03-19 host + guest, S9). Teams renamed the container in
   * July 2025 (§1.4), hence the wildcard last; it skips controls so a captions *button* is never read as
   * captions on. Fixtures meeting-captions.en (host shape, wildcard) and meeting-captions.ja (guest shape).
   */
  captions: [
    '[data-tid="closed-caption-renderer-wrapper"]',
    '[data-tid="closed-caption-v2-window-wrapper"]',
    '[data-tid="closed-caption-v2-virtual-list-content"]',
    '[data-tid="closed-captions-renderer"]',
    '[data-tid*="closed-caption"]:not(button):not([role="button"]):not([role="menuitem"])',
  ],
  /** Roster rows, one per participant, name in the text (S9 attendeeItem, grade B); fixture meeting-captions.en. */
  rosterRow: ['[data-tid^="participantsInCall-"]'],
  /**
   * Meeting title in the call. Not in the research doc: one unattributed public Teams extension ("best-effort"
   * selectors; two versions of its file, unattributed public files #56869838297, #56788586265), grade C.
   */
  title: ['[data-tid="calling-title"]'],

  // Meeting options page (§4 (f)). Its DOM is unknown; labels are Microsoft's documented English option
  // names (§4 (f), grade B as text). The controls are found by ARIA role and accessible name (grade I).
  /** Toggle controls on the options page; state in aria-checked, or the checked property of a checkbox. */
  optionSwitches: ['[role="switch"]', 'input[type="checkbox"]'],
  /** Drop-downs on the options page; the chosen value is their text (or a <select>'s chosen option). */
  optionChoosers: ['[role="combobox"]', 'select', 'button[aria-haspopup="listbox"]'],
  lobbyBypassLabelText: ['Who can bypass the lobby'], // ja: unknown
  /** The one lobby-bypass value that lets everybody in directly (OfficeDocs Teams/who-can-bypass-meeting-lobby.md). */
  lobbyEveryoneText: ['Everyone'],
  /**
   * Values that hold somebody in the lobby. That document (admin wording) has "People who were invited", "Only people
   * who were invited", "Only organizers and co-organizers"; the organizer's wording "People in my organization" is
   * Microsoft's "Change participant settings" help page (support.office.com 53261366), "Only me and co-organizers"
   * one university help page (butleru.my.site.com KB "Teams Meeting Settings"), grade C.
   */
  lobbyRestrictedText: [
    'People in my organization',
    'People who were invited',
    'Only people who were invited',
    'Only organizers and co-organizers',
    'Only me and co-organizers',
  ],
  autoRecordLabelText: ['Record and transcribe automatically'], // ja: unknown
  e2eeOptionLabelText: ['meeting end-to-end encryption'], // "Enable meeting end-to-end encryption"; ja: unknown
} satisfies SelectorTable;

/** Join links carry the meeting's thread id (S8 teamsUrlParser.ts): `19:meeting_…@thread.v2`. */
const MEETUP_JOIN = /\/l\/meetup-join\/(19:[^/?#&]+)/i;
/** Meeting-ID links `/meet/<id>?p=<passcode>` (teams.live.com, and the new teams.microsoft.com form; §4 (a)). */
const MEET_ID = /\/meet\/([A-Za-z0-9_-]+)(?:\?([^#]*))?/;
const OPTIONS_PATH = /^\/meetingoptions\/?$/i;

interface TeamsLink {
  isJoin: boolean;
  meetingId: string | null;
  passcode: boolean;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `light-meetings/launch?coords=<base64 JSON>` carries the thread id as `conversationId` (§4 (a)). */
function lightMeetingId(url: URL): string | null {
  const coords = url.searchParams.get('coords');
  if (!coords || typeof atob !== 'function') return null;
  try {
    const parsed: unknown = JSON.parse(atob(coords));
    const id = (parsed as { conversationId?: unknown } | null)?.conversationId;
    return typeof id === 'string' && id ? id : null;
  } catch {
    return null;
  }
}

function parseLink(url: URL): TeamsLink {
  // Decoded twice: the launcher and the v2 app nest the join path, encoded, in a parameter or the hash.
  const href = safeDecode(safeDecode(url.href));
  const thread = MEETUP_JOIN.exec(href)?.[1];
  if (thread) return { isJoin: true, meetingId: thread, passcode: false };
  const meet = MEET_ID.exec(href);
  if (meet?.[1]) {
    const passcode = Boolean(new URLSearchParams(meet[2] ?? '').get('p'));
    return { isJoin: true, meetingId: meet[1], passcode };
  }
  const light = lightMeetingId(url);
  if (light) return { isJoin: true, meetingId: light, passcode: false };
  return { isJoin: false, meetingId: null, passcode: false };
}

/** The control's accessible name: aria-label, aria-labelledby, <label for>, or an enclosing <label>. */
function accessibleName(element: Element): string {
  const doc = element.ownerDocument;
  const parts = [element.getAttribute('aria-label') ?? ''];
  for (const id of (element.getAttribute('aria-labelledby') ?? '').split(/\s+/)) {
    if (id) parts.push(doc.getElementById(id)?.textContent ?? '');
  }
  const id = element.getAttribute('id');
  if (id) {
    for (const label of doc.querySelectorAll('label[for]')) {
      if (label.getAttribute('for') === id) parts.push(label.textContent ?? '');
    }
  }
  parts.push(element.closest('label')?.textContent ?? '');
  return normalizeText(parts.join(' '));
}

function hasAny(text: string, needles: readonly string[] | undefined): boolean {
  return (needles ?? []).map(normalizeText).some((needle) => needle && text.includes(needle));
}

function labelled(doc: Document, scopes: readonly string[] | undefined, labels: readonly string[] | undefined) {
  return queryAll(doc, scopes).filter((element) => hasAny(accessibleName(element), labels));
}

function switchState(element: Element): Signal {
  // A checkbox's live state is its property; React does not keep the attribute in sync.
  if (element.tagName === 'INPUT') return (element as HTMLInputElement).checked ? 'on' : 'off';
  const state = element.getAttribute('aria-checked');
  return state === 'true' ? 'on' : state === 'false' ? 'off' : 'unknown';
}

/** Several controls with the same name that disagree are a conflict: 'unknown'. */
function optionSwitch(doc: Document, t: SelectorTable, labels: readonly string[] | undefined): Signal {
  const states = labelled(doc, t.optionSwitches, labels).map(switchState);
  return tri(states.includes('on'), states.includes('off'));
}

function chosenText(element: Element): string {
  if (element.tagName === 'SELECT') {
    const select = element as HTMLSelectElement;
    return normalizeText(select.selectedOptions?.[0]?.textContent ?? select.value);
  }
  return normalizeText(element.getAttribute('aria-valuetext') ?? element.getAttribute('value') ?? element.textContent);
}

function readOptions(doc: Document, url: URL, t: SelectorTable): Snapshot {
  const signals = unknownSignals();
  const bypass = labelled(doc, t.optionChoosers, t.lobbyBypassLabelText).map(chosenText);
  // Anyone but "Everyone" leaves somebody waiting in the lobby: the waiting room is on.
  signals.waitingRoom = tri(
    bypass.some((value) => hasAny(value, t.lobbyRestrictedText)),
    bypass.some((value) => hasAny(value, t.lobbyEveryoneText)),
  );
  // Scheduled state as the host set it: auto-record on records and transcribes; off only says it will not
  // start by itself. Live captions are per viewer and not governed here, so transcription is read only as 'on'.
  const autoRecord = optionSwitch(doc, t, t.autoRecordLabelText);
  signals.recording = autoRecord;
  if (autoRecord === 'on') signals.transcription = 'on';
  signals.e2ee = optionSwitch(doc, t, t.e2eeOptionLabelText);
  const threadId = url.searchParams.get('threadId');
  return {
    service: 'teams',
    // The options URL spells the thread id `19_meeting_…` where join links have `19:meeting_…` (§4 (a)).
    meetingId: threadId ? threadId.replace(/^19_/, '19:') : null,
    title: null,
    phase: 'schedule',
    // Only the organizer and co-organizers are offered the controls (grade I); without them we cannot tell.
    role: matches(doc, t.optionSwitches) || matches(doc, t.optionChoosers) ? 'host' : 'unknown',
    signals,
  };
}

export const teams: MeetingService = {
  id: 'teams',
  name: 'Microsoft Teams',
  matches: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
  table,
  // Translated captions / interpretation and Copilot indicators: no source at all (§4 (b), (d); §7 item 2).
  notReadYet: ['recording', 'translation', 'aiNotes'],
  read(doc, url, t) {
    if (OPTIONS_PATH.test(url.pathname)) return readOptions(doc, url, t);

    const link = parseLink(url);
    const inCall = matches(doc, t.inCall);
    const prejoin = !inCall && matches(doc, t.prejoin);
    const e2eeEnd = matches(doc, t.e2eeEndScreen);
    // Lobby text only on a join page: a chat message quoting it is not a lobby (fixture chat.en).
    const knocking = !inCall && (link.isJoin || prejoin) && textIn(doc, t.lobbyTextScopes, t.lobbyText);
    // Chat, calendar, activity…: not a meeting page.
    if (!link.isJoin && !inCall && !prejoin && !knocking && !e2eeEnd) return null;

    const signals = unknownSignals();
    signals.transcription = matches(doc, t.captions) ? 'on' : 'unknown';
    signals.waitingRoom = knocking ? 'on' : 'unknown';
    // Vendor fact: Teams E2EE meetings cannot be attended from a browser, only from the desktop or mobile
    // clients (MicrosoftDocs/OfficeDocs-SkypeForBusiness Teams/09-end-to-end-encrypted-meetings.md, cited in
    // anchors.md §2.2). So where we see the web client itself, the meeting is not E2EE for this person. Not on
    // the E2EE failure screen (the meeting may be E2EE, S4), nor on a launcher that may hand over to the app.
    signals.e2ee = !e2eeEnd && (inCall || prejoin || knocking) ? 'off' : 'unknown';
    if (link.isJoin) signals.passcodeInLink = link.passcode ? 'on' : 'off';
    if (link.passcode) signals.passcode = 'on';

    const snapshot: Snapshot = {
      service: 'teams',
      meetingId: link.meetingId,
      title: query(doc, t.title)?.textContent?.trim() || null,
      phase: inCall ? 'meeting' : 'prejoin',
      // Someone waiting to be admitted is not the organizer; otherwise the page does not say (§7 item 5).
      role: knocking ? 'participant' : 'unknown',
      signals,
    };
    // Only when the roster is open: an absent list says nothing about bots.
    if (matches(doc, t.rosterRow)) snapshot.notetakers = notetakersIn(doc, t.rosterRow, t.notetakerNameText);
    return snapshot;
  },
};
