/**
 * Renders new values in the style of the file around them: scalars like their neighbours, flow and block collections.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { Document, Scalar, visit } from 'yaml';
import { DATE, NO_ALIASES, type Style } from './common.js';

/** A value as it is written inside a flow collection. */
export function renderFlowValue(value: unknown): string {
  return value !== null && typeof value === 'object'
    ? renderFlow(value)
    : (renderScalar(value) ?? JSON.stringify(value));
}

/** A scalar as YAML text, keeping the quoting of the scalar it replaces (like); null when it would not fit on one line. */
export function renderScalar(value: unknown, like?: Scalar): string | null {
  const scalar = new Scalar(value);
  if (typeof value === 'string') {
    // Keep the quoting a person chose, but not the "" of an empty placeholder.
    if (
      like &&
      typeof like.value === 'string' &&
      like.value !== '' &&
      (like.type === 'QUOTE_DOUBLE' || like.type === 'QUOTE_SINGLE')
    )
      scalar.type = like.type;
    else if (DATE.test(value)) scalar.type = 'QUOTE_DOUBLE';
    if (value.includes('\n')) scalar.type = 'QUOTE_DOUBLE';
  }
  const out = new Document(scalar).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return out.includes('\n') ? null : out;
}

/** A collection as a one-line flow collection. */
export function renderFlow(value: unknown): string {
  const doc = new Document(value, NO_ALIASES);
  quoteDates(doc);
  // A flow collection stays on one line: strings with line breaks are written "a\nb".
  visit(doc, {
    Collection: (_k, node) => void (node.flow = true),
    Scalar: (_k, node) =>
      void (typeof node.value === 'string' && /[\n\r]/.test(node.value) && (node.type = 'QUOTE_DOUBLE')),
  });
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** A collection as block YAML, every line indented by indent spaces. */
export function renderBlock(value: unknown, indent: number, style: Style): string {
  const doc = new Document(value, NO_ALIASES);
  quoteDates(doc);
  const out = doc.toString({ lineWidth: 0, indentSeq: style.indentSeq });
  const pad = ' '.repeat(indent);
  return (
    out
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line.length > 0 ? pad + line : line))
      .join('\n') + '\n'
  );
}

/** The lines of a new map entry at indent. */
export function renderKeyValue(key: string, value: unknown, indent: number, style: Style): string {
  const pad = ' '.repeat(indent);
  const keyText = renderScalar(key) ?? JSON.stringify(key);
  if (value === null || typeof value !== 'object')
    return `${pad}${keyText}: ${renderScalar(value) ?? JSON.stringify(value)}\n`;
  if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)
    return `${pad}${keyText}: ${Array.isArray(value) ? '[]' : '{}'}\n`;
  const childIndent = indent + (Array.isArray(value) && !style.indentSeq ? 0 : 2);
  return `${pad}${keyText}:\n` + renderBlock(value, childIndent, style);
}

/** The lines of a new list item at indent (flow: the item as a flow collection). */
export function renderSeqItem(value: unknown, indent: number, flow: boolean, style: Style): string {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return `${pad}- ${renderScalar(value) ?? JSON.stringify(value)}\n`;
  if (flow) return `${pad}- ${renderFlow(value)}\n`;
  const block = renderBlock(value, indent + 2, style);
  return pad + '- ' + block.slice(indent + 2);
}

/** Marks every YYYY-MM-DD string of a document to be written double-quoted. */
export function quoteDates(doc: Document): void {
  visit(doc, {
    Scalar: (_k, node) => {
      if (typeof node.value === 'string' && DATE.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
}
