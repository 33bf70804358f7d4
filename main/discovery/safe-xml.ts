// A minimal XML reader for the SOAP envelopes of WS-Discovery, written to be safe on hostile input
// rather than complete: it builds a small tree of elements by LOCAL name (the namespace prefixes
// differ between vendors: `d:`, `wsdd:`, `SOAP-ENV:` or none) with their text, and ignores
// attributes. It never expands entities beyond the five predefined ones and character
// references, and it refuses any DOCTYPE or other markup declaration outright, so there is no
// entity expansion (billion laughs), no external entity (XXE) and no DTD to process. Input size,
// element count, depth and text per element are bounded; anything it does not understand is an
// XmlRefused error and the message is dropped.
import { MAX_XML_DEPTH, MAX_XML_TEXT_CHARS } from './limits.ts';

/** Most elements one message may have (a ProbeMatches envelope has about 20). */
export const MAX_XML_ELEMENTS = 512;

export type XmlElement = { name: string; text: string; children: XmlElement[] };

export class XmlRefused extends Error {
  override name = 'XmlRefused';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&([^;&<\s]{0,12});/g, (_all, entity: string) => {
    const predefined = PREDEFINED[entity];
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(entity) ? Number.parseInt(entity.slice(2), 16) : /^#[0-9]{1,7}$/.test(entity) ? Number(entity.slice(1)) : null;
    if (code === null || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlRefused(`unknown entity &${entity};`);
    return String.fromCodePoint(code);
  });
}

/** The end of a start tag that begins at `from` (a '>' outside quoted attribute values). */
function tagEnd(xml: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') break;
  }
  throw new XmlRefused('a tag is not closed');
}

function localName(tag: string): string {
  const qualified = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
  if (!/^[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?$/.test(qualified)) throw new XmlRefused(`'${qualified.slice(0, 40)}' is not an element name`);
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** The document's root element; XmlRefused when the text is not the simple XML this reads. */
export function parseXml(xml: string, maxChars: number): XmlElement {
  if (xml.length > maxChars) throw new XmlRefused(`the message is longer than ${maxChars} characters`);
  const root: XmlElement = { name: '', text: '', children: [] };
  const stack: XmlElement[] = [root];
  let elements = 0;
  let i = 0;
  // Text beyond an element's bound is neither kept nor decoded: a 32 KiB text node costs what
  // its first MAX_XML_TEXT_CHARS characters cost.
  const addText = (raw: string, decode: boolean) => {
    const top = stack[stack.length - 1] as XmlElement;
    const room = MAX_XML_TEXT_CHARS - top.text.length;
    if (room <= 0) return;
    const kept = raw.slice(0, room);
    top.text += (decode ? decodeEntities(kept) : kept).slice(0, room);
  };
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    const text = xml.slice(i, open === -1 ? xml.length : open);
    if (text.trim() !== '') {
      if (stack.length === 1) throw new XmlRefused('text outside the root element');
      addText(text, true);
    } else if (stack.length > 1) addText(text, false);
    if (open === -1) break;
    if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4);
      if (end === -1) throw new XmlRefused('a comment is not closed');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open + 9);
      if (end === -1 || stack.length === 1) throw new XmlRefused('a CDATA section is not closed or stands outside the root');
      addText(xml.slice(open + 9, end), false);
      i = end + 3;
    } else if (xml.startsWith('<!', open)) {
      // DOCTYPE, ENTITY, ELEMENT...: a discovery answer never needs one, and a DTD is where
      // entity expansion attacks live.
      throw new XmlRefused('markup declarations (DOCTYPE, ENTITY) are not accepted');
    } else if (xml.startsWith('<?', open)) {
      const end = xml.indexOf('?>', open + 2);
      if (end === -1) throw new XmlRefused('a processing instruction is not closed');
      i = end + 2;
    } else if (xml.startsWith('</', open)) {
      const end = tagEnd(xml, open + 2);
      const name = localName(xml.slice(open + 2, end).trim());
      const top = stack.pop();
      if (top === undefined || stack.length === 0 || top.name !== name) throw new XmlRefused(`</${name}> does not close the open element`);
      i = end + 1;
    } else {
      const end = tagEnd(xml, open + 1);
      const tag = xml.slice(open + 1, end);
      const element: XmlElement = { name: localName(tag), text: '', children: [] };
      if (++elements > MAX_XML_ELEMENTS) throw new XmlRefused(`more than ${MAX_XML_ELEMENTS} elements`);
      const parent = stack[stack.length - 1] as XmlElement;
      if (parent === root && root.children.length > 0) throw new XmlRefused('more than one root element');
      parent.children.push(element);
      if (!tag.endsWith('/')) {
        stack.push(element);
        if (stack.length > MAX_XML_DEPTH + 1) throw new XmlRefused(`elements nested deeper than ${MAX_XML_DEPTH}`);
      }
      i = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlRefused(`<${stack[stack.length - 1]?.name}> is not closed`);
  const document = root.children[0];
  if (document === undefined) throw new XmlRefused('no element');
  return document;
}

/** The first descendant of `element` at the path of local names, or undefined. */
export function childAt(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((child) => child.name === name);
  return current;
}
