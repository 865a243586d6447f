/** The stable ids of docs/contracts.md: tests and admins rely on them. */

export const WARNING_IDS = [
  'recording',
  'transcription',
  'translation',
  'ai-notes',
  'notetaker-bot',
  'no-e2ee',
  'no-passcode',
  'no-waiting-room',
  'passcode-in-link',
  'unpermitted-service',
  'external-meeting',
  'page-unreadable',
] as const;
export type WarningId = (typeof WARNING_IDS)[number];

/** Checklist item ids are the clause ids of guideline section 6.1 (21) (docs/sources.md), in the order the popup shows them. */
export const CHECK_IDS = [
  '21-permitted',
  '21-4',
  '21-no-e2e-breaking',
  '21-e2ee',
  '21-passcode',
  '21-waiting-room',
  '21-passcode-notify',
  '21-remove-suspicious',
  '21-device',
  '21-up-to-date',
  '21-headphones',
  '21-2',
  'note-18',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_STATUSES = ['ok', 'ng', 'unknown', 'manual', 'confirmed', 'na'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
