/**
 * Admin-defined meeting services (policy `customServices`): match patterns plus a selector table in
 * the same data form as the built-in adapters. With `base`, a self-hosted copy of a built-in service
 * (a city's own Jitsi) reads with that adapter under the custom id. Otherwise a generic reader applies
 * the table: the page is a meeting only when `inMeeting` or `prejoin` (selectors) or `meetingText`
 * (text in `textScopes`) matches; then `<signal>On` / `<signal>Off` (selectors) and `<signal>OnText` /
 * `<signal>OffText` (text in dialogs, alerts and status areas) give the signals, each with its evidence.
 * Not a built-in service: it is made from policy data, so it is not in the registry.
 */
import type { CustomService } from '../policy/policy';
import { E2E_BREAKING_RULES } from '../rules';
import { services } from './index';
import { breaking, PageReader, type Reading, safeguard, signalsFrom } from './read';
import { type MeetingService, type SelectorTable, SIGNAL_NAMES, type SignalName, type Snapshot } from './service';

const DEFAULT_TEXT_SCOPES = ['[role="dialog"]', '[role="alertdialog"]', '[role="alert"]', '[role="status"]'];
const BREAKING = new Set<SignalName>(E2E_BREAKING_RULES.map((rule) => rule.signal));

function readGeneric(doc: Document, url: URL, table: SelectorTable, id: string): Snapshot | null {
  const t = { ...table, textScopes: table.textScopes?.length ? table.textScopes : DEFAULT_TEXT_SCOPES };
  const r = new PageReader(doc, t);
  const inMeeting = r.has('inMeeting');
  // Without the table's own meeting evidence this is some other page of the site: not a meeting.
  if (!inMeeting && !r.has('prejoin') && !r.text('textScopes', 'meetingText')) return null;
  const readings: Partial<Record<SignalName, Reading>> = {};
  for (const name of SIGNAL_NAMES) {
    const on = [r.has(`${name}On`), r.text('textScopes', `${name}OnText`)];
    const off = [r.has(`${name}Off`), r.text('textScopes', `${name}OffText`)];
    readings[name] = BREAKING.has(name) ? breaking(on, off) : safeguard(on, off);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  return {
    service: id,
    meetingId: segments.at(-1) ?? null,
    title: r.element('title')?.textContent.trim() || null,
    phase: inMeeting ? 'meeting' : 'prejoin',
    role: r.has('hostOnly') ? 'host' : 'unknown',
    ...signalsFrom(readings),
  };
}

function addedInFront(table: SelectorTable, added: Record<string, string[]>): SelectorTable {
  const merged: Record<string, readonly string[]> = { ...table };
  for (const [key, entries] of Object.entries(added)) merged[key] = [...entries, ...(table[key] ?? [])];
  return merged;
}

export function customService(definition: CustomService): MeetingService {
  const base = definition.base ? services.find((service) => service.id === definition.base) : undefined;
  return {
    id: definition.id,
    name: definition.name,
    matches: definition.matches,
    allFrames: true,
    // A base service's table, with the admin's entries added in front (never in place of its own: "on" evidence stays).
    table: base ? addedInFront(base.table, definition.table) : definition.table,
    ...(base ? { neverShown: base.neverShown, notReadYet: base.notReadYet, onEvidenceKeys: base.onEvidenceKeys } : {}),
    read(doc, url, table) {
      if (!base) return readGeneric(doc, url, table, definition.id);
      const snapshot = base.read(doc, url, table);
      return snapshot && { ...snapshot, service: definition.id };
    },
  };
}
