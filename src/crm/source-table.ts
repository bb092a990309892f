/** The shape both readers (CSV, sf-tree JSON) give the mapping engine: located rows of raw values. */
import type { CrmProblem } from './types.js';

/** One record of a file, before mapping. */
export interface SourceRow {
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based position of the record among the file's records (the {#} of templates). */
  position: number;
  /** The raw value of a column (CSV) or dotted field path (JSON), matched ignoring case; undefined when absent. */
  get(column: string): unknown;
}

/** The records of one file, with the problems found while reading it. */
export interface SourceTable {
  file: string;
  /** CSV: the header's column names. JSON: undefined (records need not share fields). */
  columns?: string[];
  rows: SourceRow[];
  problems: CrmProblem[];
}
