/**
 * macOS: the configuration profile (.mobileconfig) with one payload per browser, and the bare managed-preferences
 * plists for MDMs that take a domain plus a plist (writer); and what Chrome, Edge and Firefox read from such a
 * file (reader). Chrome and Edge read extension policy from the preferences domain
 * `<bundle id>.extensions.<extension id>` (com.google.Chrome.extensions.<id>, com.microsoft.Edge.extensions.<id>);
 * preference domains are matched exactly, so a payload for com.google.chrome.extensions.<id> reaches no browser.
 * Firefox reads org.mozilla.firefox, and only with EnterprisePoliciesEnabled = true.
 */

import { createHash } from 'node:crypto';
import {
  type Browser,
  chromeIdProblem,
  type Extraction,
  entryLabel,
  FormatError,
  generatedNotes,
  idFor,
  isPlainObject,
  type Json,
  type KitOptions,
  orderedEntries,
  type Policy,
  type PolicyEntry,
  PRODUCTS,
  type Problem,
  problemAt,
  xmlNotes,
} from './common';
import { firefoxThirdParty } from './json';
import { childElements, escapeXml, parseXml, textOf, type XmlElement } from './xml';

export function plistXml(value: Json, indent = ''): string {
  const inner = `${indent}  `;
  if (value === null) throw new Error('plist has no null');
  if (typeof value === 'boolean') return `${indent}<${value}/>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`;
  }
  if (typeof value === 'string') return `${indent}<string>${escapeXml(value, false)}</string>`;
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}<array/>`;
    return [`${indent}<array>`, ...value.map((item) => plistXml(item, inner)), `${indent}</array>`].join('\n');
  }
  const entries = Object.entries(value);
  if (!entries.length) return `${indent}<dict/>`;
  const lines = entries.flatMap(([key, item]) => [
    `${inner}<key>${escapeXml(key, false)}</key>`,
    plistXml(item, inner),
  ]);
  return [`${indent}<dict>`, ...lines, `${indent}</dict>`].join('\n');
}

export function plistValue(element: XmlElement): Json {
  switch (element.name) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer': {
      const text = textOf(element).trim();
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`plist: bad integer "${text}"`);
      return Number(text);
    }
    case 'real':
      return Number(textOf(element).trim());
    case 'string':
    case 'date':
    case 'data':
      return textOf(element);
    case 'array':
      return childElements(element).map(plistValue);
    case 'dict': {
      const result: { [key: string]: Json } = {};
      const items = childElements(element);
      for (let i = 0; i < items.length; i += 2) {
        const key = items[i];
        const item = items[i + 1];
        if (key?.name !== 'key' || !item) throw new Error('plist: <dict> must alternate <key> and a value');
        result[textOf(key)] = plistValue(item);
      }
      return result;
    }
    default:
      throw new Error(`plist: unknown element <${element.name}>`);
  }
}

/** A property list document, with the kit's notes in a comment. */
export function plistDocument(value: Json, options?: KitOptions): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    ...(options ? [`<!-- ${xmlNotes(options).join('\n     ')} -->`] : []),
    '<plist version="1.0">',
    plistXml(value),
    '</plist>',
    '',
  ].join('\n');
}

/** A stable UUID (version 5 layout) from a name: reproducible output, and MDMs see the same profile each time. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`meeting-guard:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const parts = [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`];
  parts.push(hex.slice(20, 32));
  return parts.join('-').toUpperCase();
}

function payload(type: string, identifier: string, displayName: string, body: Policy): Policy {
  return {
    PayloadDisplayName: displayName,
    PayloadIdentifier: identifier,
    PayloadType: type,
    PayloadUUID: stableUuid(identifier),
    PayloadVersion: 1,
    ...body,
  };
}

export function mobileconfig(policy: Policy, options: KitOptions): string {
  const values = Object.fromEntries(orderedEntries(policy));
  const content = [
    payload(
      `${PRODUCTS.chrome.macDomain}.${options.chromeId}`,
      'jp.city-tools.meeting-guard.chrome',
      'Web会議ガード (Google Chrome)',
      values,
    ),
    payload(
      `${PRODUCTS.edge.macDomain}.${options.edgeId}`,
      'jp.city-tools.meeting-guard.edge',
      'Web会議ガード (Microsoft Edge)',
      values,
    ),
    payload('org.mozilla.firefox', 'jp.city-tools.meeting-guard.firefox', 'Web会議ガード (Firefox)', {
      EnterprisePoliciesEnabled: true,
      '3rdparty': { Extensions: { [options.firefoxId]: values } },
    }),
  ];
  const organisation =
    typeof policy.organizationName === 'string' && policy.organizationName ? policy.organizationName : 'Meeting Guard';
  return plistDocument(
    {
      PayloadContent: content,
      PayloadDescription: `Web会議ガード のポリシー / Meeting Guard policy. ${generatedNotes(options).join(' ')}`,
      PayloadDisplayName: 'Web会議ガード ポリシー / Meeting Guard policy',
      PayloadIdentifier: 'jp.city-tools.meeting-guard',
      PayloadOrganization: organisation,
      PayloadScope: 'System',
      PayloadType: 'Configuration',
      PayloadUUID: stableUuid('jp.city-tools.meeting-guard'),
      PayloadVersion: 1,
    },
    options,
  );
}

/** The bare plist an MDM's "custom settings" takes for one browser's domain. */
export const preferencesPlist = (policy: Policy, options: KitOptions) =>
  plistDocument(Object.fromEntries(orderedEntries(policy)), options);

export const preferencesDomain = (product: 'chrome' | 'edge', options: KitOptions) =>
  `${PRODUCTS[product].macDomain}.${idFor(product, options)}`;

// ---------------------------------------------------------------------------------------------------------------
// Reading

const EXTENSION_DOMAIN = /^(com\.google\.Chrome|com\.microsoft\.Edge|org\.chromium\.Chromium)\.extensions\.(.+)$/;

function domainEntry(domain: string, settings: Record<string, unknown>, at: string): PolicyEntry[] {
  const exact = EXTENSION_DOMAIN.exec(domain);
  const loose = exact ?? new RegExp(EXTENSION_DOMAIN.source, 'i').exec(domain);
  if (loose) {
    const bundle = (loose[1] as string).toLowerCase();
    const browser: Browser =
      bundle === 'com.google.chrome' ? 'chrome' : bundle === 'com.microsoft.edge' ? 'edge' : 'chromium';
    const id = loose[2] as string;
    const problems: Problem[] = [];
    if (!exact) {
      const right =
        bundle === 'com.google.chrome'
          ? 'com.google.Chrome'
          : bundle === 'com.microsoft.edge'
            ? 'com.microsoft.Edge'
            : 'org.chromium.Chromium';
      problems.push(
        problemAt(
          at,
          domain,
          `the preferences domain must be ${right}.extensions.<id> with this capitalisation; the browser reads no payload for ${domain}`,
        ),
      );
    }
    const idProblem = chromeIdProblem(id);
    if (idProblem) problems.push(problemAt(at, id, idProblem));
    const policy = Object.fromEntries(Object.entries(settings).filter(([key]) => !key.startsWith('Payload')));
    return [{ label: entryLabel(browser, id), browser, id, policy, problems }];
  }
  if (domain === 'org.mozilla.firefox') {
    const problems: Problem[] = [];
    if (settings.EnterprisePoliciesEnabled !== true)
      problems.push(
        problemAt(
          'EnterprisePoliciesEnabled',
          settings.EnterprisePoliciesEnabled,
          'Firefox on macOS reads no policy without EnterprisePoliciesEnabled = true',
        ),
      );
    return firefoxThirdParty(settings['3rdparty'], '3rdparty', problems);
  }
  return [];
}

/** An XML property list (a .mobileconfig or a bare plist); `name` is the file name, which may carry the domain. */
export function fromPlistXml(root: XmlElement, name: string): Extraction {
  const top = childElements(root)[0];
  if (!top) throw new FormatError('empty plist');
  let value: Json;
  try {
    value = plistValue(top);
  } catch (error) {
    throw new FormatError((error as Error).message);
  }
  if (!isPlainObject(value)) throw new FormatError('the plist does not hold a dictionary');
  const entries: PolicyEntry[] = [];
  if (Array.isArray(value.PayloadContent)) {
    for (const [index, payload] of value.PayloadContent.entries()) {
      if (!isPlainObject(payload) || typeof payload.PayloadType !== 'string') continue;
      const at = `PayloadContent[${index}].PayloadType`;
      if (payload.PayloadType === 'com.apple.ManagedClient.preferences' && isPlainObject(payload.PayloadContent)) {
        // The older MCX form: PayloadContent → domain → Forced → [{mcx_preference_settings}].
        for (const [domain, body] of Object.entries(payload.PayloadContent)) {
          const forced = isPlainObject(body) && Array.isArray(body.Forced) ? body.Forced : [];
          for (const item of forced) {
            if (isPlainObject(item) && isPlainObject(item.mcx_preference_settings))
              entries.push(
                ...domainEntry(
                  domain,
                  item.mcx_preference_settings,
                  `PayloadContent[${index}].PayloadContent.${domain}`,
                ),
              );
          }
        }
      } else entries.push(...domainEntry(payload.PayloadType, payload, at));
    }
    const format = 'macOS configuration profile';
    return entries.length
      ? { format, entries }
      : { format, entries, notPolicy: 'no Meeting Guard payload in this profile' };
  }
  // A bare preferences plist (for example a Jamf "custom settings" upload): the file name may carry the domain.
  const domain =
    /((com\.google\.Chrome|com\.microsoft\.Edge|org\.chromium\.Chromium)\.extensions\.[^/\\]+?)(\.plist)?$/i.exec(
      name,
    )?.[1];
  if (domain)
    return { format: 'macOS managed preferences plist', entries: domainEntry(domain, value, `file name ${domain}`) };
  if ('3rdparty' in value)
    return { format: 'Firefox macOS plist', entries: domainEntry('org.mozilla.firefox', value, '(plist)') };
  return {
    format: 'macOS managed preferences plist',
    entries: [{ label: entryLabel('unknown'), browser: 'unknown', policy: value, problems: [] }],
  };
}

export { parseXml };
