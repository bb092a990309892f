/**
 * A fast JSON pointer -> line:col locator for the YAML csp and people write: block mappings and
 * sequences, one-line flow collections, plain, quoted and block scalars, comments. It reads the
 * text line by line (much faster than building a `yaml` Document, which dominated validating a
 * whole InfoHub; docs/performance.md) and gives the same positions as
 * positions.ts: a scalar value at the value, a collection (or, with `key`, any map entry) at its
 * key, a sequence item at its node, a missing value at its nearest parent. For anything it does not handle (anchors, aliases, tags, multi-line flow or
 * quoted scalars, several documents, tabs in indentation) it returns null, and the caller falls
 * back to positions.ts. A differential test holds the two to the same answers.
 * Pure: text in, positions out.
 */
import { fromPointer } from '../domain/issue.js';
import type { Locate, Position } from './positions.js';

interface YNode {
  line: number;
  col: number;
  /** Map entries by key: the key's position and the value node (undefined while empty). */
  entries?: Map<string, { line: number; col: number; value?: YNode }>;
  items?: Array<YNode | undefined>;
}

/** Thrown inside the scanner when the text uses YAML the fast locator does not handle. */
class Unsupported extends Error {}

interface Frame {
  indent: number;
  node: YNode;
  kind: 'map' | 'seq';
  /** The slot a nested block collection or a next-line scalar fills: a key with no value, or an empty item. */
  pending?: (value: YNode) => void;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`?-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s|$)/;

/** Builds a locator for a text, or returns null when the text uses YAML it does not handle. */
export function createFastLocator(text: string): Locate | null {
  let root: YNode | undefined;
  try {
    root = scan(text);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  return (pointer, options = {}) => {
    let node = root;
    let best: Position = node ? { line: node.line, col: node.col } : { line: 1, col: 1 };
    const path = fromPointer(pointer);
    for (const [i, key] of path.entries()) {
      if (!node) break;
      if (node.entries) {
        const entry = node.entries.get(String(key));
        if (!entry) break;
        best = { line: entry.line, col: entry.col };
        node = entry.value;
        // A scalar value (null included) is located at the value, as positions.ts does.
        if (i === path.length - 1 && !options.key && node && !node.entries && !node.items)
          best = { line: node.line, col: node.col };
      } else if (node.items && typeof key === 'number' && key < node.items.length) {
        node = node.items[key];
        if (!node) break;
        best = { line: node.line, col: node.col };
      } else break;
    }
    return best;
  };
}

/** Scans a text into nodes, or returns undefined for an empty one; throws Unsupported for YAML it does not handle. */
function scan(text: string): YNode | undefined {
  return new Scanner().run(text);
}

/**
 * The line scanner: a stack of open block collections, each with the slot the next nested value
 * fills, and the indent below which lines continue the scalar above.
 */
class Scanner {
  private readonly stack: Frame[] = [];
  private root: YNode | undefined;
  private rootPending: ((v: YNode) => void) | undefined = (v) => {
    this.root = v;
  };
  /** Lines more indented than this belong to the scalar above (block or multi-line plain); -1: none. */
  private continuation = -1;

  run(text: string): YNode | undefined {
    if (text.charCodeAt(0) === 0xfeff) throw new Unsupported();
    // NOTE: a lone CR ends a line in YAML (old Mac line ends): the lines below are split on LF only.
    if (/\r(?!\n)/.test(text)) throw new Unsupported();
    const lines = text.split('\n');
    let started = false;
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n].endsWith('\r') ? lines[n].slice(0, -1) : lines[n];
      const indent = raw.length - raw.trimStart().length;
      const body = raw.slice(indent);
      if (body === '' || body.startsWith('#')) continue;
      if (this.continuation >= 0 && indent > this.continuation) continue;
      this.continuation = -1;
      if (/^\t/.test(raw.slice(0, indent + 1)) || raw.slice(0, indent).includes('\t')) throw new Unsupported();
      if (indent === 0 && (body === '---' || body.startsWith('--- ') || body === '...' || body.startsWith('%'))) {
        if (started || body !== '---') throw new Unsupported();
        continue;
      }
      started = true;
      this.line(n + 1, indent, body);
    }
    return this.root;
  }

  /** Puts a new collection in the innermost pending slot (the last frame's, or the root) and opens it. */
  private fill(value: YNode, indent: number, kind: 'map' | 'seq'): void {
    const top = this.stack[this.stack.length - 1];
    const slot = top ? top.pending : this.rootPending;
    if (!slot) throw new Unsupported();
    slot(value);
    if (top) top.pending = undefined;
    else this.rootPending = undefined;
    this.stack.push({ indent, node: value, kind });
  }

  private line(lineNo: number, col0: number, body: string): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].indent > col0) this.stack.pop();
    // A sequence at the same indent as its map's key ("key:\n- a") closes when a key follows.
    const dash = body === '-' || body.startsWith('- ');
    let top = this.stack[this.stack.length - 1];
    if (top && top.kind === 'seq' && top.indent === col0 && !dash) {
      this.stack.pop();
      top = this.stack[this.stack.length - 1];
    }
    if (dash) {
      if (!(top && top.kind === 'seq' && top.indent === col0)) {
        this.fill({ line: lineNo, col: col0 + 1, items: [] }, col0, 'seq');
        top = this.stack[this.stack.length - 1];
      }
      const seq = top.node.items!;
      const index = seq.length;
      seq.push(undefined);
      const rest = body.slice(1).trimStart();
      const at = col0 + (body.length - rest.length);
      top.pending = (v) => (seq[index] = v);
      if (rest === '' || rest.startsWith('#')) {
        // An empty item is a null scalar here, until a nested collection fills it.
        seq[index] = { line: lineNo, col: at + 1 };
        return;
      }
      this.item(lineNo, at, rest, col0);
      return;
    }
    const key = KEY.exec(body);
    if (key) {
      if (!(top && top.kind === 'map' && top.indent === col0)) {
        this.fill({ line: lineNo, col: col0 + 1, entries: new Map() }, col0, 'map');
        top = this.stack[this.stack.length - 1];
      }
      this.entry(top, lineNo, col0, body, key);
      return;
    }
    // Anything else is a scalar: the value of a key or item written on the next line.
    const slot = top?.pending;
    if (!slot) throw new Unsupported();
    slot(this.scalarNode(lineNo, col0, body));
    top.pending = undefined;
    this.continuation = top.indent;
  }

  /** What follows "- " on a line: a nested item, a map's first entry, a flow collection or a scalar. */
  private item(lineNo: number, at: number, rest: string, dashCol: number): void {
    if (rest === '-' || rest.startsWith('- ')) {
      this.line(lineNo, at, rest);
      return;
    }
    const key = KEY.exec(rest);
    if (key) {
      this.line(lineNo, at, rest);
      return;
    }
    const top = this.stack[this.stack.length - 1];
    top.pending!(this.value(lineNo, at, rest, dashCol));
    top.pending = undefined;
  }

  private entry(frame: Frame, lineNo: number, col0: number, body: string, match: RegExpExecArray): void {
    const rawKey = match[1];
    const name = rawKey.startsWith('"')
      ? doubleQuoted(rawKey)
      : rawKey.startsWith("'")
        ? rawKey.slice(1, -1).replace(/''/g, "'")
        : rawKey.trimEnd();
    if (name === '<<') throw new Unsupported();
    const slotEntry: { line: number; col: number; value?: YNode } = { line: lineNo, col: col0 + 1 };
    if (!frame.node.entries!.has(name)) frame.node.entries!.set(name, slotEntry);
    const afterColon = match[0].length;
    const rest = body.slice(afterColon).trimStart();
    const at = col0 + body.length - rest.length;
    if (rest === '' || rest.startsWith('#')) {
      // An empty value is a null scalar after the colon, until a nested collection fills it.
      slotEntry.value = { line: lineNo, col: at + 1 };
      frame.pending = (v) => (slotEntry.value = v);
      return;
    }
    frame.pending = undefined;
    slotEntry.value = this.value(lineNo, at, rest, col0);
  }

  /** An inline value: flow collection, quoted, block or plain scalar. */
  private value(lineNo: number, at: number, rest: string, ownerIndent: number): YNode {
    const c = rest[0];
    if (c === '&' || c === '*' || c === '!' || c === '?' || c === '%' || c === '@' || c === '`')
      throw new Unsupported();
    if (c === '{' || c === '[') {
      const parsed = flow(rest, 0, lineNo, at);
      const tail = rest.slice(parsed.end).trim();
      if (tail !== '' && !tail.startsWith('#')) throw new Unsupported();
      return parsed.node;
    }
    if (c === '|' || c === '>') {
      this.continuation = ownerIndent;
      return { line: lineNo, col: at + 1 };
    }
    if (c === '"' || c === "'") {
      if (quotedEnd(rest, 0) < 0) throw new Unsupported();
      this.continuation = ownerIndent;
      return { line: lineNo, col: at + 1 };
    }
    this.continuation = ownerIndent;
    return { line: lineNo, col: at + 1 };
  }

  private scalarNode(lineNo: number, col0: number, body: string): YNode {
    const c = body[0];
    if (c === '&' || c === '*' || c === '!' || c === '{' || c === '[' || c === '|' || c === '>')
      throw new Unsupported();
    if ((c === '"' || c === "'") && quotedEnd(body, 0) < 0) throw new Unsupported();
    return { line: lineNo, col: col0 + 1 };
  }
}

/**
 * The text of a double-quoted YAML scalar that is also a JSON string; YAML's other escapes (\x41,
 * \e, \N, a line break) are left to positions.ts (Unsupported), never thrown as a bug.
 */
function doubleQuoted(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new Unsupported();
  }
}

/** Index just past the closing quote of the quoted scalar at i, or -1 when it does not close on the line. */
function quotedEnd(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (q === '"' && s[j] === '\\') j++;
    else if (s[j] === q) {
      if (q === "'" && s[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return -1;
}

/** Parses a one-line flow collection starting at s[i]; positions are on lineNo, columns offset by base. */
function flow(s: string, i: number, lineNo: number, base: number): { node: YNode; end: number } {
  const open = s[i];
  const close = open === '{' ? '}' : ']';
  const node: YNode =
    open === '{'
      ? { line: lineNo, col: base + i + 1, entries: new Map() }
      : { line: lineNo, col: base + i + 1, items: [] };
  let j = i + 1;
  const skip = () => {
    while (j < s.length && s[j] === ' ') j++;
  };
  for (;;) {
    skip();
    if (j >= s.length) throw new Unsupported();
    if (s[j] === close) return { node, end: j + 1 };
    const start = j;
    let text: string;
    let child: YNode | undefined;
    if (s[j] === '{' || s[j] === '[') {
      const inner = flow(s, j, lineNo, base);
      child = inner.node;
      j = inner.end;
      text = '';
    } else if (s[j] === '"' || s[j] === "'") {
      const end = quotedEnd(s, j);
      if (end < 0) throw new Unsupported();
      text = s[j] === '"' ? doubleQuoted(s.slice(j, end)) : s.slice(j + 1, end - 1).replace(/''/g, "'");
      j = end;
    } else {
      if ('&*!|>%@`?#'.includes(s[j])) throw new Unsupported();
      while (
        j < s.length &&
        !',[]{}'.includes(s[j]) &&
        !(s[j] === ':' && (s[j + 1] === ' ' || s[j + 1] === ',' || s[j + 1] === close))
      )
        j++;
      text = s.slice(start, j).trimEnd();
    }
    skip();
    if (s[j] === ':') {
      if (!node.entries || child) throw new Unsupported();
      j++;
      skip();
      const vStart = j;
      let value: YNode;
      if (s[j] === '{' || s[j] === '[') {
        const inner = flow(s, j, lineNo, base);
        value = inner.node;
        j = inner.end;
      } else if (s[j] === '"' || s[j] === "'") {
        const end = quotedEnd(s, j);
        if (end < 0) throw new Unsupported();
        value = { line: lineNo, col: base + vStart + 1 };
        j = end;
      } else {
        if ('&*!|>%@`?'.includes(s[j] ?? '')) throw new Unsupported();
        while (j < s.length && !',[]{}'.includes(s[j])) j++;
        value = { line: lineNo, col: base + vStart + 1 };
      }
      if (!node.entries.has(text)) node.entries.set(text, { line: lineNo, col: base + start + 1, value });
    } else if (node.items) {
      node.items.push(child ?? { line: lineNo, col: base + start + 1 });
    } else {
      throw new Unsupported();
    }
    skip();
    if (s[j] === ',') {
      j++;
      continue;
    }
    if (s[j] === close) return { node, end: j + 1 };
    throw new Unsupported();
  }
}
