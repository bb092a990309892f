/**
 * The normalised CRM model: what every CRM export becomes once its mapping has been applied
 * (see README.md in this folder). Amounts are USD, dates are YYYY-MM-DD strings, text is cleaned
 * (trimmed, whitespace collapsed, control characters removed) and absent values are undefined or null.
 */
import type { OpportunityStage } from '../domain/stage.js';

/** Where a record came from: its file (as read) and the 1-based line where the record starts. */
export interface CrmRef {
  file: string;
  /** JSON: the line of the record's opening `{`. CSV: the physical line where the row starts (header = 1). */
  line: number;
}

/** A person at the customer, from the CRM's contacts. */
export interface CrmContact {
  id: string;
  /** Full name; falls back to the email, then the id, when the CRM has no name. */
  name: string;
  firstName?: string;
  lastName?: string;
  /** Job title. */
  title?: string;
  email?: string;
  phone?: string;
  ref: CrmRef;
}

/** A deal. Kept even when its stage is unknown (stage null, with a problem reported). */
export interface CrmOpportunity {
  id: string;
  name: string;
  /** The stage name as exported (cleaned), e.g. "Closed/Won". */
  rawStage: string;
  /** The normalised stage, or null when the mapping does not know rawStage. */
  stage: OpportunityStage | null;
  /** Amount in USD (rounded to cents), or null when absent or not a number. */
  amountUsd: number | null;
  /** Which source gave amountUsd: a column ("close_value") or a lookup ("products.sales_price"). */
  amountSource?: string;
  /** Close date, YYYY-MM-DD (the UTC date of an ISO date-time). */
  closeDate: string | null;
  /** Date the deal was engaged, YYYY-MM-DD. */
  engageDate: string | null;
  /** Sales owner's name. */
  owner?: string;
  /** The sales owner's user id in the CRM (Salesforce OwnerId), resolved to `owner` through a Users export (users.ts). */
  ownerId?: string;
  /** The owner's manager. */
  ownerManager?: string;
  /** The owner's office or sales region. */
  ownerOffice?: string;
  product?: string;
  description?: string;
  /** The SA validated a technical evaluation for this deal (the mapping's saValidated column: yes/true/1/x). */
  saValidated?: boolean;
  ref: CrmRef;
}

/** An account with its contacts and opportunities, in file order. */
export interface CrmAccount {
  /** The mapping's source name: 'salesforce', 'salesforce-csv', 'maven', or a custom mapping's. */
  source: 'salesforce' | 'salesforce-csv' | 'maven' | (string & {});
  /** The id contacts and opportunities refer to: Salesforce referenceId ("AccountRef12"); Maven the account name. */
  id: string;
  name: string;
  industry?: string;
  /** Number of employees (an integer). */
  employees?: number;
  /** Annual revenue in USD (rounded to cents). */
  annualRevenueUsd?: number;
  /** Country or office location. */
  region?: string;
  description?: string;
  website?: string;
  /** Parent company's name or id. */
  parent?: string;
  contacts: CrmContact[];
  opportunities: CrmOpportunity[];
  ref: CrmRef;
}

/**
 * Something wrong with one row of an export. The message says what is wrong and what csp did
 * (skipped the row, kept it without a stage...). error: the row was malformed and skipped or lost
 * data the CRM should have; warning: the row was kept with a value dropped, or skipped for a
 * documented reason (an opportunity with no account).
 */
export interface CrmProblem {
  file: string;
  /** 1-based line of the record (see CrmRef.line); 1 for a problem with a whole file's header. */
  line: number;
  severity: 'error' | 'warning';
  /** Stable code: crm-bad-row, crm-no-account, crm-unknown-stage, crm-bad-amount... */
  code: string;
  message: string;
  hint?: string;
}

/** A whole export, normalised. */
export interface CrmExport {
  /** The mapping's source name. */
  source: string;
  /** Path of the mapping file that was applied. */
  mapping: string;
  /** Accounts in file order. */
  accounts: CrmAccount[];
  /** Problems sorted by file, then line. */
  problems: CrmProblem[];
  /** The files that were read, as given (plan, entities, lookups). */
  files: string[];
}
