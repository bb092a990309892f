/**
 * The signals of health_signals.yaml (schemas/health_signals.schema.json): names, CLI flags,
 * types and ranges. Data only, with no imports, so that `csp --help` can list the flags of
 * csp signal without loading anything else.
 */

/** What kind of value a signal holds. */
export type SignalType = 'count' | 'number' | 'date' | 'payment' | 'boolean';

/** A signal csp knows: its name in the file, its CLI flag, its type and range. */
export interface SignalSpec {
  name: string;
  flag: string;
  type: SignalType;
  /** A count over the observation's period (period_days), not a level: compared as a rate. */
  perPeriod?: boolean;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  description: string;
}

/** Every signal of the schema, in the order `csp signal --help` lists them. */
export const SIGNALS: readonly SignalSpec[] = [
  { name: 'active_users', flag: 'active-users', type: 'count', min: 0, description: 'users active in the period' },
  { name: 'licensed_users', flag: 'licensed-users', type: 'count', min: 0, description: 'licensed users (seats)' },
  {
    name: 'logins_per_week',
    flag: 'logins-per-week',
    type: 'number',
    min: 0,
    description: 'average logins per active user per week',
  },
  {
    name: 'feature_adoption',
    flag: 'feature-adoption',
    type: 'number',
    min: 0,
    max: 100,
    description: "share of the product's features in use, percent",
  },
  {
    name: 'usage_events',
    flag: 'usage-events',
    type: 'count',
    perPeriod: true,
    min: 0,
    description: 'product usage events in the period',
  },
  {
    name: 'last_contact',
    flag: 'last-contact',
    type: 'date',
    description: 'the last two-way contact with the customer, YYYY-MM-DD',
  },
  {
    name: 'meetings',
    flag: 'meetings',
    type: 'count',
    perPeriod: true,
    min: 0,
    description: 'meetings held with the customer in the period',
  },
  {
    name: 'tickets',
    flag: 'tickets',
    type: 'count',
    perPeriod: true,
    min: 0,
    description: 'support tickets opened in the period',
  },
  {
    name: 'escalations',
    flag: 'escalations',
    type: 'count',
    perPeriod: true,
    min: 0,
    description: 'escalated tickets in the period',
  },
  {
    name: 'resolution_hours',
    flag: 'resolution-hours',
    type: 'number',
    min: 0,
    description: 'mean hours to resolve a ticket',
  },
  {
    name: 'nps',
    flag: 'nps',
    type: 'number',
    min: 0,
    max: 10,
    description: "the customer's 0-10 answer to 'how likely are you to recommend us'",
  },
  { name: 'csat', flag: 'csat', type: 'number', min: 1, max: 5, description: 'customer satisfaction, 1-5' },
  { name: 'payment', flag: 'payment', type: 'payment', description: 'payment status: current, late or overdue' },
  { name: 'arr_usd', flag: 'arr', type: 'number', min: 0, description: 'annual recurring revenue, US dollars' },
  {
    name: 'auto_renew',
    flag: 'auto-renew',
    type: 'boolean',
    description: 'the contract renews automatically: yes or no',
  },
];

/** True when name is a signal of the schema or a team signal (x_...). */
export function isSignalName(name: string): boolean {
  return SIGNALS.some((s) => s.name === name) || /^x_[a-z0-9_]{1,60}$/.test(name);
}

/** True when the signal is a count over its observation's period (tickets, meetings, usage events). */
export function isPerPeriod(name: string): boolean {
  return SIGNALS.some((s) => s.name === name && s.perPeriod === true);
}
