/**
 * The read-only YAML path: text to data, fast (js-yaml with CORE_SCHEMA, so bare dates stay
 * strings, about 10x faster than `yaml`; PERFORMANCE.md), with the caps that keep hostile input
 * harmless: size, nesting depth, alias count and expanded size (alias bombs), conflict markers,
 * duplicate keys. Every edit goes through document.ts / edit.ts (the `yaml` Document API) instead.
 * Pure: text in, data and issues out.
 */
import jsYaml from 'js-yaml';
import type { IssueCode, RawIssue } from '../domain/issue.js';

/**
 * YAML 1.2 core, exactly as the `yaml` package reads it, so that the read path and the edit path
 * see the same data: js-yaml's CORE_SCHEMA also reads 0b11 and +0x1 as numbers, and -.5 as a
 * string, where YAML 1.2 core (and `yaml`) do the opposite. The patterns are the YAML 1.2 core
 * schema's (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
 */
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/**
 * Whether a plain scalar can start a YAML 1.2 core number: a digit, a sign or a dot. Most plain
 * scalars are words, and this first-character test spares them the INT and FLOAT patterns: js-yaml
 * tries every implicit type on every plain scalar (issue 4: 40,000 documents).
 */
const mayBeNumber = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
};
const CORE_1_2 = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    // The YAML 1.2 core patterns, written as comparisons: ^(?:~|[Nn]ull|NULL)?$ and
    // ^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$.
    new jsYaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (s: string | null) =>
        s === null || s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL',
      construct: () => null,
    }),
    new jsYaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: string | null) =>
        s === 'true' || s === 'True' || s === 'TRUE' || s === 'false' || s === 'False' || s === 'FALSE',
      construct: (s: string) => s.charCodeAt(0) === 116 || s.charCodeAt(0) === 84,
    }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: string | null) => s !== null && mayBeNumber(s) && INT.test(s),
      construct: (s: string) =>
        s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : Number(s),
    }),
    new jsYaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: string | null) => s !== null && mayBeNumber(s) && FLOAT.test(s),
      construct: (s: string) =>
        /nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s),
    }),
  ],
});

/** Limits on what a document may expand to (a 15 KB plan has about 1,500 values). */
export interface YamlLimits {
  /** Largest document, in bytes of UTF-8 text. */
  maxBytes: number;
  /** Most values (scalars and collections, aliases expanded) in one document. */
  maxNodes: number;
  /** Deepest nesting of collections. */
  maxDepth: number;
  /** Most alias uses (*name) in one document. */
  maxAliases: number;
}

/** Default limits: a 5 MB file, 200,000 values, 64 levels, 100 aliases (yaml's own default). */
export const DEFAULT_LIMITS: YamlLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxNodes: 200_000,
  maxDepth: 64,
  maxAliases: 100,
};

/** A positioned parse problem: a RawIssue with the line and column it was found at. */
export type ParseIssue = RawIssue & { line?: number; col?: number };

/** What parsing a document gives: the data (undefined when it could not be read) and the problems found. */
export interface ParsedYaml {
  data: unknown;
  issues: ParseIssue[];
}

/** Lines that hold git conflict markers (1-based), or [] when there are none. */
export function findConflictMarkers(text: string): number[] {
  const lines: number[] = [];
  const re = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) lines.push(text.slice(0, m.index).split('\n').length);
  return lines;
}

/** The fields csp merge-file left in conflict (its markers name them: `<<<<<<< ours (meta.status)`), as a sentence tail. */
function conflictFields(text: string): string {
  const fields = [...text.matchAll(/^<{7} ours \((.+)\)$/gm)].map((m) => m[1]);
  return fields.length === 0
    ? ''
    : `: ${fields.join(', ')} ${fields.length === 1 && !fields[0].includes(',') ? 'was' : 'were'} changed two ways`;
}

/** Parses YAML text for reading. Never throws for bad input: problems come back as issues. */
export function parseYamlFast(text: string, limits: YamlLimits = DEFAULT_LIMITS): ParsedYaml {
  const pre = precheck(text, limits);
  if (pre) return { data: undefined, issues: [pre] };
  let data: unknown;
  try {
    data = jsYaml.load(text.replace(/^\uFEFF/, ''), { schema: CORE_1_2 });
  } catch (error) {
    return { data: undefined, issues: [fromJsYamlError(error)] };
  }
  const shape = checkShape(data, limits, text.includes('&'));
  return shape ? { data: undefined, issues: [shape] } : { data, issues: [] };
}

/** Checks that run on the raw text before any parser sees it: size and conflict markers. */
export function precheck(text: string, limits: YamlLimits): ParseIssue | null {
  // NOTE: characters never outnumber UTF-8 bytes, so counting bytes is only needed near the cap.
  if (
    text.length > limits.maxBytes ||
    (text.length * 3 > limits.maxBytes && new TextEncoder().encode(text).length > limits.maxBytes)
  ) {
    return {
      code: 'yaml-too-large',
      severity: 'error',
      path: '',
      line: 1,
      col: 1,
      message: `the file is larger than ${Math.round(limits.maxBytes / 1024)} KB`,
      hint: 'a plan is about 15 KB: split the file, or raise max_file_bytes in .csp.yaml if this is intended',
    };
  }
  const markers = findConflictMarkers(text);
  if (markers.length > 0) {
    return {
      code: 'git-conflict-markers',
      severity: 'error',
      path: '',
      line: markers[0],
      col: 1,
      message: `unresolved git merge conflict markers on line${markers.length > 1 ? 's' : ''} ${markers.join(', ')}${conflictFields(text)}`,
      hint: "resolve the conflict: keep one side's lines (ours between <<<<<<< and =======, theirs between ======= and >>>>>>>), delete the marker lines, run csp validate again, then git add the file",
    };
  }
  return null;
}

function fromJsYamlError(error: unknown): ParseIssue {
  const e = error as { reason?: string; message?: string; mark?: { line: number; column: number } };
  const reason = e.reason ?? e.message ?? String(error);
  if (error instanceof RangeError || /maxDepth|too deep/i.test(reason)) {
    return {
      code: 'yaml-too-deep',
      severity: 'error',
      path: '',
      line: e.mark ? e.mark.line + 1 : 1,
      col: e.mark ? e.mark.column + 1 : 1,
      message: 'the document is nested too deeply to read',
      hint: DEEP_HINT,
    };
  }
  const duplicate = /duplicated mapping key/.test(reason);
  return {
    code: duplicate ? 'yaml-duplicate-key' : 'yaml-syntax',
    severity: 'error',
    path: '',
    line: e.mark ? e.mark.line + 1 : undefined,
    col: e.mark ? e.mark.column + 1 : undefined,
    message: duplicate ? 'a key appears twice in the same mapping' : `YAML syntax error: ${reason}`,
    hint: duplicate
      ? 'remove or rename one of the two keys'
      : /tab/i.test(reason)
        ? 'indent with spaces, not tabs'
        : 'check indentation and quoting on this line and the one before',
  };
}

/**
 * Walks the parsed data with the aliases expanded, as a validator would, and stops at the
 * limits. js-yaml shares aliased objects instead of copying them, so a "billion laughs"
 * document parses in no time but would blow up any later traversal: this catches it.
 * `mayAlias` is false when the text holds no `&`: with no anchor there is no alias, and no object
 * needs remembering (the common case, walked without allocating; issue 4).
 */
function checkShape(data: unknown, limits: YamlLimits, mayAlias: boolean): ParseIssue | null {
  let nodes = 0;
  let aliases = 0;
  let problem: ParseIssue | null = null;
  const seen = mayAlias ? new Set<object>() : undefined;
  // NOTE: recursion is bounded: it stops past limits.maxDepth.
  const visit = (node: unknown, depth: number): boolean => {
    if (++nodes > limits.maxNodes) {
      problem = tooBig(`more than ${limits.maxNodes} values once aliases are expanded (an alias bomb?)`);
      return false;
    }
    if (node === null || typeof node !== 'object') return true;
    if (depth > limits.maxDepth) {
      problem = tooBig(`nested more than ${limits.maxDepth} levels deep`, 'yaml-too-deep', DEEP_HINT);
      return false;
    }
    if (seen) {
      if (!seen.has(node)) seen.add(node);
      else if (++aliases > limits.maxAliases) {
        problem = tooBig(`more than ${limits.maxAliases} alias uses (*name)`, 'yaml-too-many-aliases');
        return false;
      }
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (!visit(node[i], depth + 1)) return false;
    } else {
      for (const key in node) if (!visit((node as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
  visit(data, 0);
  return problem;
}

const DEEP_HINT = 'a plan nests about 6 levels deep: check the indentation';

function tooBig(
  what: string,
  code: IssueCode = 'yaml-too-large',
  hint = 'csp plans do not need anchors and aliases: write the values out',
): ParseIssue {
  return { code, severity: 'error', path: '', line: 1, col: 1, message: `the document is ${what}`, hint };
}
