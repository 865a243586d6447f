/**
 * Jitsi Meet (meet.jit.si; self-hosted deployments serve the same web app, so read() depends only on the DOM and the
 * path). Source: jitsi-meet (docs/sources.md): every selector and string below is from that commit's components and
 * lang/main.json / lang/main-ja.json; paths are relative to its react/features/. Japanese: main-ja.json lacks many
 * keys and i18next then falls back to English (base/i18n/i18next.ts `fallbackLng`), so text entries list the ja
 * string where one exists and the English one.
 *
 * Default layout: the toolbox shows at most eight buttons (toolbox/constants.ts THRESHOLDS); Security, CC and Record
 * are never among them unless a deployment's `mainToolbarButtons` says so, and sit in the overflow menu, which
 * renders them as ContextMenuItem (base/ui/components/web/ContextMenuItem.tsx): `div[role=button][aria-label]` with
 * no aria-pressed. Their state is read only where the code gives it: aria-pressed on a main-toolbar button
 * (base/toolbox/components/ToolboxItem.web.tsx), or a label that itself toggles (Start / Stop recording).
 */
import {
  breaking,
  controlState,
  type Evidence,
  fact,
  type Hit,
  normalizeText,
  PageReader,
  safeDecode,
  safeguard,
  signalsFrom,
  UNREAD,
} from './read';
import { type MeetingService, notetakersIn, type SelectorTable, type Snapshot } from './service';

const table = {
  /** Pre-join screen (prejoin/components/web/Prejoin.tsx); fixture prejoin.*. */
  prejoinScreen: ['[data-testid="prejoin.screen"]', '#premeeting-name-input', '[data-testid="prejoin.joinMeeting"]'],
  /** Lobby screen, before and while knocking (lobby/components/web/LobbyScreen.tsx); fixture lobby.*. */
  lobbyScreen: [
    '.lobby-screen',
    '[data-testid="lobby.knockButton"]',
    '[data-testid="lobby.nameField"]',
    '#lobby-name-field',
  ],
  /** lobby.joiningTitle / lobby.joiningMessage, ja and en. */
  lobbyText: [
    'ミーティングへの参加を依頼中…',
    'Asking to join meeting…',
    '誰かがあなたのリクエストを受け入れたら、すぐに会議に参加します',
    "You'll join the meeting as soon as someone accepts your request",
  ],
  /** Where LobbyScreen.tsx puts that text (PreMeetingScreen's h1 title, span.joining-message). */
  lobbyTextScopes: ['h1', '.joining-message'],
  /**
   * lobby.waitForModerator (no ja key: English in a ja UI). The same lobby screen, title still lobby.joiningTitle,
   * shown while the room waits for its first moderator (lobby/middleware.ts: MEMBERS_ONLY_ERROR with
   * lobbyWaitingForHost); nobody admits anyone, so it is no waiting room. Fixture lobby-wait-moderator.*.
   */
  waitForModeratorText: [
    "The conference has not yet started because no moderators have yet arrived. If you'd like to become a moderator please log-in. Otherwise, please wait.",
  ],
  /** The dialog.IamHost button, rendered only in that mode (LobbyScreen.tsx `_login`). */
  moderatorLogin: ['[data-testid="lobby.loginButton"]'],
  /** Password prompt on joining a locked room (room-lock/components/PasswordRequiredPrompt.web.tsx). */
  passwordPrompt: ['input[name="lockKey"]'],
  /** Dialogs carry their title as aria-label (base/ui/components/web/BaseDialog.tsx). */
  dialogs: ['[role="dialog"][aria-label]'],
  /** dialog.passwordRequired = "$t(lockRoomPasswordUppercase) required", ja and en. */
  passwordRequiredLabel: ['パスワード が必要です', 'Password required'],
  /** dialog.recordingInProgressTitle (no ja) of RecordingConsentDialog.tsx; fixture recording-consent.*. */
  recordingConsentLabel: ['Recording in progress'],
  /** dialog.recordingInProgressDescription (no ja), the same dialog's body: the recording is analysed by AI. */
  aiAnalysisText: [
    'This meeting is being recorded and analyzed by AI. Your audio and video have been muted. If you choose to unmute, you consent to being recorded.',
  ],
  /** Where that body is: inside the dialog. */
  dialogScopes: ['[role="dialog"]'],
  /** In the conference (conference/components/web/Conference.tsx ids; toolbox/components/web/Toolbox.tsx). */
  inCall: ['#videoconference_page', '#videospace', '.toolbox-content-items'],
  /**
   * Toolbar buttons (div.toolbox-button, aria-pressed = toggled) and overflow-menu items (ContextMenuItem: role
   * button, no aria-pressed; li.overflow-menu-item when a deployment renders labels without a context menu).
   */
  controls: [
    '.toolbox-button[aria-label]',
    '#overflow-context-menu [role="button"][aria-label]',
    '.overflow-menu-item[aria-label]',
    '[role="menuitem"][aria-label]',
  ],
  /** toolbar.accessibilityLabel.security (AbstractSecurityDialogButton.ts); pressed = password or lobby on. */
  securityLabel: ['セキュリティ', 'Security options'],
  /**
   * toolbar.accessibilityLabel.cc (ja, en) or .closedCaptions (no ja) (subtitles/components/web/ClosedCaptionButton.tsx);
   * pressed = subtitles requested (AbstractClosedCaptionButton.tsx `_requestingSubtitles`).
   */
  captionsLabel: ['字幕の切り替え', 'Toggle subtitles', 'Closed captions'],
  /**
   * dialog.stopRecording (AbstractRecordButton.ts toggledAccessibilityLabel, also in the overflow menu). Its
   * dialog.startRecording twin is not read as 'off': the button is toggled by canStopRecording
   * (recording/functions.ts), not by a recording running, so whoever may not stop a running recording still sees
   * "Start recording".
   */
  stopRecordingLabel: ['録画を停止する', 'Stop recording'],
  /** Guard (policy e2eBreakingFeatures): dialog.startRecording, in the toolbar or the overflow menu. */
  guardRecording: ['[aria-label="Start recording"]', '[aria-label="録画を開始"]'],
  /**
   * The closed-captions tab's start button (chat/components/web/ClosedCaptionsTab.tsx): aria-label
   * closedCaptionsTab.startClosedCaptionsButton (no ja); older releases hard-coded "Start Closed Captions".
   */
  guardTranscription: ['[aria-label="Start closed captions"]', '[aria-label="Start Closed Captions"]'],
  /**
   * Toasts: the container's data-testid is the title key (or the description key without a title), the
   * description's is the description key (notifications/components/web/Notification.tsx). Recording started
   * (recording/actions.any.ts; also for one's own local recording, recording/middleware.ts).
   */
  recordingOnToast: ['[data-testid="recording.on"]', '[data-testid="recording.onBy"]'],
  liveStreamOnToast: ['[data-testid="liveStreaming.on"]', '[data-testid="liveStreaming.onBy"]'],
  /** Another participant started a local recording (base/participants/middleware.ts); fixture local-recording-others.*. */
  localRecordingByOthers: ['[data-testid="notify.localRecordingStarted"]'],
  /**
   * One's own local recording: the sticky "Stop the recording to save it" toast that outlives the recording.on one
   * (recording/middleware.ts START_LOCAL_RECORDING); fixture local-recording-own.*.
   */
  localRecordingOwn: [
    '[data-testid="recording.localRecordingStartWarningTitle"]',
    '[data-testid="recording.localRecordingStartWarning"]',
  ],
  lobbyOnToast: ['[data-testid="lobby.notificationLobbyEnabled"]'],
  lobbyOffToast: ['[data-testid="lobby.notificationLobbyDisabled"]'],
  passwordSetToast: ['[data-testid="notify.passwordSetRemotely"]'],
  passwordRemovedToast: ['[data-testid="notify.passwordRemovedRemotely"]'],
  /** Security dialog switches (LobbySection.tsx, E2EESection.tsx, Switch.tsx): read the checked *property*. */
  lobbySwitch: ['#lobby-section-switch', '#lobby-section input[type="checkbox"]'],
  e2eeSwitch: ['#e2ee-section-switch', '#e2ee-section input[type="checkbox"]'],
  /** E2EESection.tsx's description paragraph, which also carries its warnings. */
  e2eeDescription: ['#e2ee-section-description'],
  /**
   * dialog.e2eeWarning, ja and en: shown while not every participant supports E2EE (e2ee/functions.ts
   * doesEveryoneSupportE2EE); those participants' media is not end-to-end encrypted, so E2EE is not in force for
   * the meeting even when the switch is on.
   */
  e2eeNotEveryoneText: [
    '警告: このミーティング内には、エンドツーエンドの暗号化をサポートしていない参加者がいるようです。この機能を有効にすると、この人たちは何も視聴できなくなるでしょう。',
    "WARNING: Not all participants in this meeting seem to have support for End-to-End encryption. If you enable it they won't be able to see nor hear you.",
  ],
  /**
   * dialog.e2eeDisabledDueToMaxModeDescription, ja and en: too many participants; e2ee/middleware.ts has switched
   * E2EE off (toggleE2EE(false)) and the switch is disabled.
   */
  e2eeMaxModeText: [
    'ミーティングの参加者が多すぎてエンドツーエンドの暗号化を有効にできません。',
    'Cannot enable End-to-End Encryption due to large number of participants in the conference.',
  ],
  /**
   * The conference header's labels (conference/components/web/ConferenceInfo.tsx `.details-container`; every label is
   * base/label/components/web/Label.tsx, a div whose classes tss-react's cx merges into one emotion class labelled
   * `…-<rule>-<rule>`, so the last rule applied ends the class name). No text is rendered: the wording is a tooltip
   * shown on hover only. RecordingLabel.tsx (rule `record`) renders only while a recording or stream is ON
   * (`_status === JitsiRecordingConstants.status.ON`), for others' local recordings too (AbstractRecordingLabel.ts).
   */
  recordingIndicator: ['.details-container [class$="-record"]'],
  /** TranscribingLabel.tsx (rule `transcribing`), rendered only while the transcriber runs (`_isTranscribing`). */
  transcribingIndicator: ['.details-container [class$="-transcribing"]'],
  /**
   * E2EELabel.tsx: Label with COLORS.green (rule `green`; no other component passes green), rendered only when no
   * participant has E2EE disabled (`numberOfParticipantsDisabledE2EE === 0`). A deployment's `config.e2ee.labels`
   * change its tooltip and the dialog's texts, never this condition: the only sign that everyone is encrypted.
   */
  e2eeIndicator: ['.details-container [class$="-label-green"]'],
  /** Locked by me (the password shown), by someone else, or a moderator's Remove button (PasswordForm/Section.tsx). */
  passwordSet: ['.info-password-local', '.info-password-remote', 'button.remove-password'],
  /** Not locked, seen by a moderator (info.addPassword button). */
  passwordUnset: ['button.add-password'],
  /** Shown to moderators only: the lobby switch (LobbySection.tsx) and the password actions (PasswordSection.tsx). */
  moderatorOnly: ['#lobby-section', '.password-actions button', 'button.add-password', 'button.remove-password'],
  /** The password section of a non-moderator: no actions rendered at all. */
  readOnlyPassword: ['.password-actions:empty'],
  /**
   * The transcriber's subtitles on the stage (subtitles/components/web/Captions.tsx, rendered only while transcripts
   * arrive, AbstractCaptions.tsx). Its only class comes from tss-react withStyles, which labels each class
   * `<component name>-<rule name>` inside emotion's `<key>-<hash>-<label>` (sources tss-react, emotion-serialize):
   * the rule name `transcriptionSubtitles` ends the class, whatever the minifier makes of the component name.
   */
  subtitlesOverlay: ['[class$="-transcriptionSubtitles"]', '[class*="-transcriptionSubtitles "]'],
  /**
   * The subtitle language selector of the closed-captions tab (subtitles/components/web/LanguageSelector.tsx),
   * rendered only while the meeting is transcribed (chat/components/web/ClosedCaptionsTab.tsx `isTranscribing`).
   */
  subtitleLanguage: ['#subtitles-language-select'],
  /**
   * Its option values: 'translation-languages:<code>' asks the transcriber for a translation (subtitles/middleware.ts
   * sets the translation_language property); 'transcribing.original' asks for none.
   */
  translationValueText: ['translation-languages:'],
  /** Conference subject (conference/components/web/SubjectText.tsx). */
  title: ['.subject-text--content'],

  // ---- participants pane (notetaker bots) ----
  /** The participants pane, rendered only while open (participants-pane/components/web/ParticipantsPane.tsx). */
  participantsPane: ['#participants-pane', '.participants_pane'],
  /**
   * Display name of each row, read inside the pane. A row is ListItem.tsx's `div#participant-item-<id>`: icon div,
   * then details > name > ParticipantItem.tsx's `nameContainer`, whose first div holds the display name alone
   * ("(you)", the moderator label and the Mute / More buttons are its siblings). First by the tss-react rule name
   * (makeStyles labels every class `…-nameContainer`), then by the same nesting without classes.
   */
  participantName: [
    '[id^="participant-item-"] [class*="-nameContainer"] > div:first-child',
    '[id^="participant-item-"] > div + div > div:first-child > div:first-child > div:first-child',
  ],
  /** config.js `defaultRemoteDisplayName`: Jitsi's own name for a person who typed none (not Fellow.app's bot). */
  defaultNameText: ['Fellow Jitster'],
} satisfies SelectorTable;

const STATIC_FILE = /\.(html?|js|css|json|png|svg|ico|wasm|txt|mp3|wav)$/i;

/** Room name = last path segment; none for the welcome page or a static file. */
function roomName(url: URL): string | null {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last || STATIC_FILE.test(last)) return null;
  return safeDecode(last);
}

/** aria-pressed of the controls labelled `labelKey`, as on / off evidence; controls without the attribute say nothing. */
function pressed(r: PageReader, labelKey: string): { on: Hit[]; off: Hit[] } {
  const on: Hit[] = [];
  const off: Hit[] = [];
  for (const { element, hit } of r.labelled('controls', labelKey)) {
    const state = controlState(element);
    if (state === true) on.push(hit);
    if (state === false) off.push(hit);
  }
  return { on, off };
}

/** The checked property of a switch as on / off evidence (React keeps no checked attribute). */
function switchState(r: PageReader, key: string): { on: Hit; off: Hit } {
  const input = r.element(key) as HTMLInputElement | null;
  if (!input || typeof input.checked !== 'boolean') return { on: null, off: null };
  const hit: Evidence = { key, match: input.checked ? 'checked' : 'unchecked' };
  return input.checked ? { on: hit, off: null } : { on: null, off: hit };
}

/** A target language chosen in the subtitle selector: the transcriber is asked for a translation. */
function translationChosen(r: PageReader): Hit {
  const value = normalizeText((r.element('subtitleLanguage') as HTMLSelectElement | null)?.value);
  // Stryker disable next-line ConditionalExpression: equivalent; a shortcut, an empty value starts with no non-empty prefix either.
  if (!value) return null;
  const prefixes = r.table.translationValueText;
  if (!prefixes) return null; // a key the table lacks finds nothing
  const prefix = prefixes.find((needle) => {
    const norm = normalizeText(needle);
    return norm && value.startsWith(norm) && value.length > norm.length;
  });
  return prefix ? fact('translationValueText', value) : null;
}

/** Notetaker names among the pane's rows, leaving out Jitsi's own name for the unnamed ("Fellow Jitster"). */
function notetakersInPane(pane: Element, t: SelectorTable): string[] {
  // Stryker disable next-line MethodExpression: equivalent; the names notetakersIn returns are never blank, so a '' kept here never matches one.
  const defaults = new Set(t.defaultNameText?.map(normalizeText).filter(Boolean));
  return notetakersIn(pane, t.participantName, t.notetakerNameText).filter(
    (name) => !defaults.has(normalizeText(name)),
  );
}

export const jitsi: MeetingService = {
  id: 'jitsi',
  name: 'Jitsi Meet',
  matches: ['https://meet.jit.si/*'],
  table,
  onEvidenceKeys: {
    recording: [
      'recordingOnToast',
      'liveStreamOnToast',
      'localRecordingByOthers',
      'localRecordingOwn',
      'stopRecordingLabel',
      'recordingConsentLabel',
      'recordingIndicator',
    ],
    transcription: ['transcribingIndicator', 'subtitlesOverlay', 'subtitleLanguage', 'captionsLabel'],
    translation: ['translationValueText'],
    aiNotes: ['aiAnalysisText'],
  },
  read(doc, url, t) {
    const room = roomName(url);
    if (!room) return null; // the welcome page, a static page
    const r = new PageReader(doc, t);

    const prejoin = r.has('prejoinScreen');
    const lobbyScreen = r.has('lobbyScreen');
    const passwordPrompt = r.has('passwordPrompt') ?? r.label('dialogs', 'passwordRequiredLabel');
    const lobbyText = r.text('lobbyTextScopes', 'lobbyText');
    const waitForModerator = r.text('lobbyTextScopes', 'waitForModeratorText') ?? r.has('moderatorLogin');
    const knocking = !waitForModerator && (lobbyScreen ?? lobbyText);
    const beforeCall = prejoin || lobbyScreen || lobbyText || waitForModerator || passwordPrompt;
    const inCall = !beforeCall && r.has('inCall') !== null;

    // Main-toolbar security button: unpressed = neither password nor lobby (AbstractSecurityDialogButton.ts
    // `_locked`); pressed = one of them, so no 'on' for either. Overflow-menu items have no state to read.
    const security = pressed(r, 'securityLabel');
    const unlocked = security.on.length ? null : (security.off[0] ?? null);

    // The lobby switch shows the current state; toasts may be older, so they count only without it.
    const lobbySwitch = switchState(r, 'lobbySwitch');
    const waitingRoom =
      lobbySwitch.on || lobbySwitch.off
        ? safeguard([lobbySwitch.on], [lobbySwitch.off])
        : safeguard([knocking || null, r.has('lobbyOnToast')], [unlocked, r.has('lobbyOffToast')]);

    const passwordSeen = r.has('passwordSet');
    const passwordUnset = r.has('passwordUnset');
    const passcode =
      passwordSeen || passwordUnset
        ? safeguard([passwordSeen], [passwordUnset])
        : safeguard([passwordPrompt, r.has('passwordSetToast')], [unlocked, r.has('passwordRemovedToast')]);

    // E2EE 'on' only from the header's E2EE label, shown only while no participant has E2EE disabled. The switch on
    // says only that this person enabled it; whether others did shows nowhere else, since a deployment's
    // config.e2ee.labels replace the dialog's warning text. So the switch on alone is 'unknown'. 'Off': the switch off,
    // or the section's warnings (not everyone supports it; switched off for the meeting's size).
    const e2eeSwitch = switchState(r, 'e2eeSwitch');
    const notEveryone = r.text('e2eeDescription', 'e2eeNotEveryoneText');
    const maxMode = r.text('e2eeDescription', 'e2eeMaxModeText');
    const e2ee = safeguard([r.has('e2eeIndicator')], [e2eeSwitch.off, notEveryone, maxMode]);

    // Recording: never 'off' — no control or label shows that nothing records ("Start recording" is offered while
    // others record, see stopRecordingLabel; a stopped toast leaves local recordings and streams running). A
    // transcription-only session emits the same recording.on toast (transcribing/subscriber.ts): still on.
    const recording = breaking([
      r.has('recordingOnToast'),
      r.has('liveStreamOnToast'),
      r.has('localRecordingByOthers'),
      r.has('localRecordingOwn'),
      r.label('controls', 'stopRecordingLabel'),
      r.label('dialogs', 'recordingConsentLabel'),
      r.has('recordingIndicator'),
    ]);
    // Transcription: the header's label, subtitles on screen, the language selector (only while transcribing), or a
    // pressed CC button.
    // An unpressed CC button is only this person's view: never 'off'.
    const transcription = breaking([
      r.has('transcribingIndicator'),
      r.has('subtitlesOverlay'),
      r.has('subtitleLanguage'),
      ...pressed(r, 'captionsLabel').on,
    ]);
    // "Original" chosen is this person's choice only: others may read a translation, so never 'off'.
    const translation = breaking([translationChosen(r)]);
    const aiNotes = breaking([r.text('dialogScopes', 'aiAnalysisText')]);
    // Jitsi room links never carry the password (it is typed into the prompt); a jwt token is another matter.
    const passcodeInLink = url.searchParams.has('jwt') ? UNREAD : safeguard([], [fact('roomAddress', 'no jwt')]);
    const { signals, evidence } = signalsFrom({
      recording,
      transcription,
      translation,
      aiNotes,
      passcode,
      waitingRoom,
      e2ee,
      passcodeInLink,
    });

    const moderator = r.has('moderatorOnly');
    const readOnly = r.has('readOnlyPassword');
    const snapshot: Snapshot = {
      service: 'jitsi',
      meetingId: room,
      title: r.element('title')?.textContent.trim() || null,
      // Anything short of the conference (pre-join, lobby, password, still loading) is before joining.
      phase: inCall ? 'meeting' : 'prejoin',
      role: moderator ? 'host' : readOnly || knocking ? 'participant' : 'unknown',
      signals,
      evidence,
    };
    // Only while the pane is open: a closed pane says nothing about bots.
    const pane = r.element('participantsPane');
    if (pane) snapshot.notetakers = notetakersInPane(pane, t);
    return snapshot;
  },
};
