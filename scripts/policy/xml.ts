/**
 * A small strict XML reader and the escaping the writers need: enough for plist, ADMX/ADML and Intune payloads,
 * with no dependency. It throws on anything it does not understand, with the offset where it stopped.
 */

/** Escapes for XML; `inAttribute` also escapes double quotes (element text reads better without &quot;). */
export function escapeXml(text: string, inAttribute = true): string {
  // XML 1.0 cannot carry most control characters at all; refusing beats writing a file nobody can open.
  const forbidden = [...text].find((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r';
  });
  if (forbidden) throw new Error(`control character U+${forbidden.charCodeAt(0).toString(16)} in XML text: ${text}`);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // In an attribute a raw line break or tab would be normalised to a space by any conforming parser.
  if (!inAttribute) return escaped;
  return escaped.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;]*);/g, (_, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const entity = ENTITIES[name];
    if (entity === undefined) throw new Error(`XML: unknown entity &${name}; near offset ${at}`);
    return entity;
  });
}

/** "line 3, column 14" of an offset, for messages an admin can act on. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** A strict little XML reader: one root, balanced tags, quoted attributes, known entities. Throws on anything else. */
export function parseXml(source: string): XmlElement {
  const text = source.startsWith('\ufeff') ? source.slice(1) : source;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`XML: ${message} at ${lineAndColumn(text, i)}`);
  };
  const skipTo = (end: string) => {
    const found = text.indexOf(end, i);
    if (found < 0) fail(`missing "${end}"`);
    const start = i;
    i = found + end.length;
    return text.slice(start, found);
  };
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const chunk = text.slice(i, open < 0 ? text.length : open);
    if (chunk.length) {
      const parent = stack.at(-1);
      if (parent) parent.children.push(decodeEntities(chunk, i));
      else if (chunk.trim()) fail('text outside the root element');
    }
    if (open < 0) break;
    i = open;
    if (text.startsWith('<?', i)) skipTo('?>');
    else if (text.startsWith('<!--', i)) skipTo('-->');
    else if (text.startsWith('<![CDATA[', i)) {
      i += 9;
      const data = skipTo(']]>');
      const parent = stack.at(-1) ?? fail('CDATA outside the root element');
      parent.children.push(data);
    } else if (text.startsWith('<!', i)) {
      if (root || stack.length) fail('declaration after the root element started');
      skipTo('>');
    } else if (text.startsWith('</', i)) {
      i += 2;
      const name = skipTo('>').trim();
      const current = stack.pop();
      if (!current || current.name !== name) fail(`</${name}> does not close <${current?.name ?? '(none)'}>`);
    } else {
      i += 1;
      const tag = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(
        text.slice(i),
      );
      if (!tag) fail('malformed tag');
      const [whole, name = '', rawAttributes = '', selfClosing] = tag as RegExpExecArray;
      const element: XmlElement = { name, attributes: {}, children: [] };
      for (const attribute of rawAttributes.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const key = attribute[1] as string;
        if (key in element.attributes) fail(`duplicate attribute ${key}`);
        element.attributes[key] = decodeEntities(attribute[2] ?? attribute[3] ?? '', i);
      }
      i += whole.length;
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length) throw new Error(`XML: <${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

export const childElements = (element: XmlElement, name?: string): XmlElement[] =>
  element.children.filter((child): child is XmlElement => typeof child !== 'string' && (!name || child.name === name));

export const textOf = (element: XmlElement): string =>
  element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');

/** Every element below (and including) `element`, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...childElements(element).flatMap(allElements)];
}
