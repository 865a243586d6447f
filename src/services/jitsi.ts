/**
 * Jitsi Meet (meet.jit.si; self-hosted deployments serve the same web app, so read() depends only on the
 * DOM and the path). Evidence: ../shared/research/dom-indicators.md §6 and §8.5, all from the vendor source
 * (S1, jitsi/jitsi-meet @ 6549d472, grade A) unless noted. Jitsi's main-ja.json is incomplete and falls back
 * to English (§1.5), so every text entry lists the Japanese string, where one exists, and the English one.
 * Toasts carry their i18n key as data-testid, identical in every language (§1.1 rank 1).
 */
import {
  anyOn,
  labelIn,
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
  /** Pre-join screen (Prejoin.tsx; tests/pageobjects/PreJoinScreen.ts); fixture prejoin.*. */
  prejoinScreen: ['[data-testid="prejoin.screen"]', '#premeeting-name-input', '[data-testid="prejoin.joinMeeting"]'],
  /** Lobby screen, before and while knocking (LobbyScreen.tsx; tests/pageobjects/LobbyScreen.ts); fixture lobby.*. */
  lobbyScreen: [
    '.lobby-screen',
    '[data-testid="lobby.knockButton"]',
    '[data-testid="lobby.nameField"]',
    '#lobby-name-field',
  ],
  /** lobby.joiningTitle / lobby.joiningMessage, ja and en (main-ja.json, main.json). */
  lobbyText: [
    'ミーティングへの参加を依頼中',
    'Asking to join meeting',
    '誰かがあなたのリクエストを受け入れたら',
    "You'll join the meeting as soon as someone accepts your request",
  ],
  /** Where LobbyScreen.tsx puts that text (h1.title, span.joining-message): small scopes, cheap in a call. */
  lobbyTextScopes: ['h1', '.joining-message'],
  /** Password prompt on joining a locked room (tests/pageobjects/PasswordDialog.ts); fixture password.*. */
  passwordPrompt: ['input[name="lockKey"]'],
  /** Dialogs carry their title as aria-label (base/ui/components/web/BaseDialog.tsx). */
  dialogs: ['[role="dialog"][aria-label]'],
  /** dialog.passwordRequired: S1 ja, an older ja wording (main-ja.json @04b8bbb), en. */
  passwordRequiredLabel: ['パスワード が必要です', 'パスワード 要求されています', 'Password required'],
  /** dialog.recordingInProgressTitle (no ja: English shows in a ja UI); fixture recording-consent.*. */
  recordingConsentLabel: ['Recording in progress'],
  /** In the conference (Conference.tsx ids; toolbox of ToolboxItem.web.tsx). Pre-join and lobby render inside it. */
  inCall: ['#videoconference_page', '#videospace', '.toolbox-content-items'],
  /** Toolbar buttons and overflow-menu items: aria-label = i18n label, state in aria-pressed (ToolboxItem.web.tsx). */
  controls: [
    '.toolbox-button[aria-label]',
    '.overflow-menu-item[aria-label]',
    '[role="menuitem"][aria-label]',
    '[role="button"][aria-label]',
  ],
  /** toolbar.accessibilityLabel.security (AbstractSecurityDialogButton.ts); pressed = password or lobby on. */
  securityLabel: ['セキュリティ', 'Security options'],
  /** toolbar.accessibilityLabel.cc (ja S1; older ja @04b8bbb), or .closedCaptions (no ja); pressed = subtitles on. */
  captionsLabel: ['字幕の切り替え', 'サブタイトルに切り替える', 'Toggle subtitles', 'Closed captions'],
  /**
   * dialog.stopRecording (AbstractRecordButton.ts toggledAccessibilityLabel). Its dialog.startRecording twin is not
   * read as 'off': the button is toggled by canStopRecording (recording/functions.ts), not by a recording running, so
   * a participant who may not stop a cloud recording, or anyone while another participant records locally, still
   * sees "Start recording".
   */
  stopRecordingLabel: ['録画を停止する', 'Stop recording'],
  /** Guard (policy e2eBreakingFeatures): controls labelled dialog.startRecording; fixtures unlocked.*. */
  guardRecording: ['[aria-label="Start recording"]', '[aria-label="録画を開始"]'],
  /** Toasts: data-testid = description key, container = title key (Notification.tsx); fixtures recording.*. */
  recordingOnToast: ['[data-testid="recording.on"]', '[data-testid="recording.onBy"]'],
  liveStreamOnToast: ['[data-testid="liveStreaming.on"]', '[data-testid="liveStreaming.onBy"]'],
  lobbyOnToast: ['[data-testid="lobby.notificationLobbyEnabled"]'],
  lobbyOffToast: ['[data-testid="lobby.notificationLobbyDisabled"]'],
  passwordSetToast: ['[data-testid="notify.passwordSetRemotely"]'],
  passwordRemovedToast: ['[data-testid="notify.passwordRemovedRemotely"]'],
  /** Security dialog (§6 (f), (g)); fixtures security-*. Read the checked *property*: React keeps no attribute. */
  lobbySwitch: ['#lobby-section-switch', '#lobby-section input[type="checkbox"]'],
  e2eeSwitch: ['#e2ee-section-switch', '#e2ee-section input[type="checkbox"]'],
  /** Locked by me (the password shown), by someone else, or a moderator's Remove button (PasswordForm/Section.tsx). */
  passwordSet: ['.info-password-local', '.info-password-remote', 'button.remove-password'],
  /** Not locked, seen by a moderator (info.addPassword button). */
  passwordUnset: ['button.add-password'],
  /** Shown to moderators only: the lobby switch (LobbySection.tsx) and the password actions (PasswordSection.tsx). */
  moderatorOnly: ['#lobby-section', '.password-actions button', 'button.add-password', 'button.remove-password'],
  /** The password section of a non-moderator: no actions rendered at all. */
  readOnlyPassword: ['.password-actions:empty'],
  /** Subtitle language selector of the closed-captions tab (subtitles/components/web/LanguageSelector.tsx). */
  subtitleLanguage: ['#subtitles-language-select'],
  /** Its option values: 'translation-languages:<code>' = a target language; 'transcribing.original' = none. */
  translationValueText: ['translation-languages:'],
  /** Conference subject (conference/components/web/SubjectText.tsx). */
  title: ['.subject-text--content'],

  // ---- participants pane (notetaker bots) ----
  /**
   * The participants pane, rendered only while open (participants-pane/components/web/ParticipantsPane.tsx returns
   * null when closed): `#participants-pane` in current builds (tests/pageobjects/ParticipantsPane.ts `isOpen()`),
   * `.participants_pane` in older self-hosted ones. Fixtures participants*.
   */
  participantsPane: ['#participants-pane', '.participants_pane'],
  /**
   * Display name of each row of the pane, read inside it. A row is ListItem.tsx's `div#participant-item-<id>` (the id
   * Jitsi's own page objects use): icon div, then details > name > ParticipantItem.tsx's `nameContainer`, whose first
   * div holds the display name alone; "(you)", the moderator label and the Mute / More buttons are its siblings, so
   * the whole row's text would glue them to the name. First by the tss-react rule name (makeStyles labels every class
   * `…-nameContainer`, tss-react src/makeStyles.tsx), then by the same nesting without classes. Grade A (JSX of
   * ParticipantItem.tsx, ListItem.tsx @ 73df4c0 / 1c8216e); not seen on a live page. Meeting, lobby and visitor
   * rows alike: a bot knocking in the lobby is named where the moderator can still refuse it.
   */
  participantName: [
    '[id^="participant-item-"] [class*="-nameContainer"] > div:first-child',
    '[id^="participant-item-"] > div + div > div:first-child > div:first-child > div:first-child',
  ],
  /**
   * Whole names Jitsi itself gives a participant who typed none: config.js `defaultRemoteDisplayName`, also the
   * hard-coded fallback of CurrentVisitorsList.tsx (grade A). A person, not the Fellow.app notetaker the built-in
   * list means by "fellow"; compared as the whole name, case-insensitively.
   */
  defaultNameText: ['Fellow Jitster'],
} satisfies SelectorTable;

const STATIC_FILE = /\.(html?|js|css|json|png|svg|ico|wasm|txt|mp3|wav)$/i;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Room name = last path segment (§6 (a)); none for the welcome page or a static file. */
function roomName(url: URL): string | null {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last || STATIC_FILE.test(last)) return null;
  return safeDecode(last);
}

/** aria-pressed of the controls labelled `labels`: any pressed wins; 'off' only when all seen are unpressed. */
function pressed(doc: Document, t: SelectorTable, labels: readonly string[] | undefined): Signal {
  const wanted = (labels ?? []).map(normalizeText).filter(Boolean);
  let on = false;
  let off = false;
  for (const element of queryAll(doc, t.controls)) {
    const label = normalizeText(element.getAttribute('aria-label'));
    if (!label || !wanted.some((needle) => label.includes(needle))) continue;
    const state = element.getAttribute('aria-pressed');
    if (state === 'true') on = true;
    if (state === 'false') off = true;
  }
  return on ? 'on' : off ? 'off' : 'unknown';
}

function checkbox(doc: Document, selectors: readonly string[] | undefined): Signal {
  const input = query(doc, selectors) as HTMLInputElement | null;
  if (!input || typeof input.checked !== 'boolean') return 'unknown';
  return input.checked ? 'on' : 'off';
}

/** Subtitles shown in a language other than the page's: translated (the combined rule is grade I, §6 (d)). */
function readTranslation(doc: Document, t: SelectorTable, subtitlesOn: boolean): Signal {
  const select = query(doc, t.subtitleLanguage) as HTMLSelectElement | null;
  const value = normalizeText(select?.value);
  const prefix = (t.translationValueText ?? []).map(normalizeText).find((needle) => needle && value.includes(needle));
  if (!subtitlesOn || !prefix) return 'unknown';
  const target = value.slice(value.indexOf(prefix) + prefix.length).split('-')[0];
  const pageLanguage = normalizeText(doc.documentElement.lang).split('-')[0];
  // Jitsi takes the UI language as the spoken one (LanguageSelectorDialog.tsx, sourceLanguageDesc). The same
  // language may still be a translation of someone else's speech, so that case is 'unknown', never 'off'.
  return target && target === pageLanguage ? 'unknown' : 'on';
}

/** Notetaker names among the pane's rows, leaving out Jitsi's own name for the unnamed ("Fellow Jitster"). */
function notetakersInPane(pane: Element, t: SelectorTable): string[] {
  const defaults = new Set((t.defaultNameText ?? []).map(normalizeText).filter(Boolean));
  return notetakersIn(pane, t.participantName, t.notetakerNameText).filter(
    (name) => !defaults.has(normalizeText(name)),
  );
}

export const jitsi: MeetingService = {
  id: 'jitsi',
  name: 'Jitsi Meet',
  matches: ['https://meet.jit.si/*'],
  table,
  // Jitsi core has no AI note-taker (§6 (e)); what a deployment adds is not in the source.
  neverShown: { aiNotes: 'jitsi-meet' },
  read(doc, url, t) {
    const room = roomName(url);
    if (!room) return null; // the welcome page, a static page

    const prejoin = matches(doc, t.prejoinScreen);
    const lobby = matches(doc, t.lobbyScreen);
    const passwordPrompt = matches(doc, t.passwordPrompt) || labelIn(doc, t.dialogs, t.passwordRequiredLabel);
    const beforeCall = prejoin || lobby || passwordPrompt;
    const knocking = lobby || textIn(doc, t.lobbyTextScopes, t.lobbyText);
    const inCall = !beforeCall && !knocking && matches(doc, t.inCall);

    const signals = unknownSignals();
    const security = pressed(doc, t, t.securityLabel);
    // Unpressed security button: neither a password nor the lobby (AbstractSecurityDialogButton.ts `_locked`).
    const unlocked = security === 'off';

    const lobbySwitch = checkbox(doc, t.lobbySwitch);
    signals.waitingRoom =
      lobbySwitch !== 'unknown'
        ? lobbySwitch // the switch shows the current state; toasts may be older
        : tri(knocking || matches(doc, t.lobbyOnToast), unlocked || matches(doc, t.lobbyOffToast));

    const passwordSeen = matches(doc, t.passwordSet);
    const passwordUnset = matches(doc, t.passwordUnset);
    signals.passcode =
      passwordSeen || passwordUnset
        ? tri(passwordSeen, passwordUnset)
        : tri(passwordPrompt || matches(doc, t.passwordSetToast), unlocked || matches(doc, t.passwordRemovedToast));

    signals.e2ee = checkbox(doc, t.e2eeSwitch);

    // File recording: a start toast, the Stop button or the consent dialog. A transcription-only session emits the
    // same recording.on toast (§6 (b)): still read as on. Never 'off': no control or label shows that nothing records
    // ("Start recording" is offered while others record, see stopRecordingLabel), and the top-bar label has no hook.
    const fileOn =
      matches(doc, t.recordingOnToast) ||
      labelIn(doc, t.controls, t.stopRecordingLabel) ||
      labelIn(doc, t.dialogs, t.recordingConsentLabel);
    // A live stream is a recording leaving the meeting too.
    signals.recording = anyOn(fileOn ? 'on' : 'unknown', matches(doc, t.liveStreamOnToast) ? 'on' : 'unknown');

    // Subtitles requested put a transcriber in the room. Unpressed is only this person's view: not 'off'.
    const subtitlesOn = pressed(doc, t, t.captionsLabel) === 'on';
    signals.transcription = subtitlesOn ? 'on' : 'unknown';
    signals.translation = readTranslation(doc, t, subtitlesOn);
    // Jitsi room links never carry the password (it is typed into the prompt); a jwt token is another matter.
    signals.passcodeInLink = url.searchParams.has('jwt') ? 'unknown' : 'off';

    const moderator = matches(doc, t.moderatorOnly);
    const readOnly = matches(doc, t.readOnlyPassword);
    const snapshot: Snapshot = {
      service: 'jitsi',
      meetingId: room,
      title: query(doc, t.title)?.textContent?.trim() || null,
      // Anything short of the conference (pre-join, lobby, password, still loading) is before joining.
      phase: inCall ? 'meeting' : 'prejoin',
      role: moderator ? 'host' : readOnly || knocking ? 'participant' : 'unknown',
      signals,
    };
    // Only while the pane is open: a closed pane says nothing about bots.
    const pane = query(doc, t.participantsPane);
    if (pane) snapshot.notetakers = notetakersInPane(pane, t);
    return snapshot;
  },
};
