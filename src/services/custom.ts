/**
 * Admin-defined meeting services (policy `customServices`): match patterns plus a selector table in
 * the same data form as the built-in adapters. With `base`, a self-hosted copy of a built-in service
 * (a city's own Jitsi) reads with that adapter under the custom id; otherwise a generic reader
 * applies the table's keys `<signal>On` / `<signal>Off` (CSS selectors) and `<signal>OnText` /
 * `<signal>OffText` (text in dialogs, alerts and status areas). Not a built-in service: it is made
 * from policy data, so it is not in the registry.
 */
import type { CustomService } from '../policy/policy';
import { services } from './index';
import {
  type MeetingService,
  matches,
  query,
  type SelectorTable,
  SIGNAL_NAMES,
  type Signals,
  textIn,
  tri,
  unknownSignals,
} from './service';

const DEFAULT_TEXT_SCOPES = ['[role="dialog"]', '[role="alertdialog"]', '[role="alert"]', '[role="status"]'];

function readGeneric(doc: Document, url: URL, t: SelectorTable, id: string) {
  const scopes = t.textScopes?.length ? t.textScopes : DEFAULT_TEXT_SCOPES;
  const signals: Signals = unknownSignals();
  for (const name of SIGNAL_NAMES) {
    const on = matches(doc, t[`${name}On`]) || textIn(doc, scopes, t[`${name}OnText`]);
    const off = matches(doc, t[`${name}Off`]) || textIn(doc, scopes, t[`${name}OffText`]);
    signals[name] = tri(on, off);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  return {
    service: id,
    meetingId: segments.at(-1) ?? null,
    title: query(doc, t.title)?.textContent?.trim() || null,
    phase: matches(doc, t.inMeeting) ? ('meeting' as const) : ('prejoin' as const),
    role: matches(doc, t.hostOnly) ? ('host' as const) : ('unknown' as const),
    signals,
  };
}

export function customService(definition: CustomService): MeetingService {
  const base = definition.base ? services.find((service) => service.id === definition.base) : undefined;
  return {
    id: definition.id,
    name: definition.name,
    matches: definition.matches,
    allFrames: true,
    // A base service's table, with the admin's entries added in front.
    table: base ? { ...base.table, ...definition.table } : definition.table,
    read(doc, url, table) {
      if (!base) return readGeneric(doc, url, table, definition.id);
      const snapshot = base.read(doc, url, table);
      return snapshot && { ...snapshot, service: definition.id };
    },
  };
}
