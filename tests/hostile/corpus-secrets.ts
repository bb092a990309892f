/**
 * Hostile cases of issue 19 (secrets and the cache): a key pasted into a plan must be refused on
 * every output path, stdout and binary included, and other customers' data must not be mixed up.
 * Registered beside corpus.ts by one import in tests/e2e/hostile.test.ts (the cases are appended
 * to HOSTILE_CASES).
 */
import { HOSTILE_CASES, type HostileCase } from './corpus.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';
const KEY = 'sk-ant-api03-HOSTILEhostile0123456789-abcdefghijklmn_OPQR';
const TOKEN = 'hostile-token-value-5a4b3c2d1e';
/** The refusal, and the key nowhere in the output. */
const REFUSED = new RegExp(`^(?![\\s\\S]*(?:${KEY}|${TOKEN}))[\\s\\S]*holds an API key`);
const pasted = (secret: string) => ({
  [PLAN]: { edit: (t: string) => t.replace(/^( {2}background:).*$/m, `$1 "notes: ${secret}"`) },
});

const TWIN_CRM = {
  'crm/accounts.csv':
    'account,sector,year_established,revenue,employees,office_location,subsidiary_of\nTwin Co,retail,1990,10.5,120,United States,\nTwin Co,software,2001,99.1,900,Germany,\n',
  'crm/sales_pipeline.csv':
    'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nOPP1,Agent,GTX Pro,Twin Co,Engaging,2016-10-20,,\n',
  'crm/products.csv': 'product,series,sales_price\nGTX Pro,GTX,4821\n',
  'crm/sales_teams.csv': 'sales_agent,manager,regional_office\nAgent,Manager,Central\n',
};

export const SECRET_CASES: HostileCase[] = [
  {
    name: 'export to stdout of a plan holding a pasted key',
    category: 'secrets',
    files: pasted(KEY),
    args: ['export', 'acme'],
    code: 2,
    says: REFUSED,
  },
  {
    name: 'export --format json to stdout of a plan holding a pasted key',
    category: 'secrets',
    files: pasted(KEY),
    args: ['export', 'acme', '--format', 'json'],
    code: 2,
    says: REFUSED,
  },
  {
    name: 'export --json of a plan holding a pasted key',
    category: 'secrets',
    files: pasted(KEY),
    args: ['export', 'acme', '--json'],
    code: 2,
    says: REFUSED,
    jsonStdout: true,
  },
  {
    name: 'export -o html of a plan holding a pasted key',
    category: 'secrets',
    files: pasted(KEY),
    args: ['export', 'acme', '-o', 'plan.html'],
    code: 2,
    says: REFUSED,
  },
  // NOTE: the check runs before the browser starts, so any existing file stands in for Chromium.
  {
    name: 'export -o pdf (binary) of a plan holding a pasted key',
    category: 'secrets',
    files: pasted(KEY),
    args: ['export', 'acme', '-o', 'x.pdf'],
    env: { CSP_CHROMIUM: '/bin/sh' },
    code: 2,
    says: REFUSED,
  },
  {
    name: 'export to stdout of a plan holding the value of a secret variable',
    category: 'secrets',
    files: pasted(TOKEN),
    args: ['export', 'acme'],
    env: { GITHUB_TOKEN: TOKEN },
    code: 2,
    says: REFUSED,
  },
  {
    name: 'init --from-crm with a name two accounts share',
    category: 'CRM exports',
    files: TWIN_CRM,
    args: ['init', 'twin', '--from-crm', 'crm/accounts.csv', '--crm-id', 'Twin Co', '--owner', 'Priya'],
    code: 2,
    says: /ambiguous: 2 accounts in crm\/accounts\.csv have the id "Twin Co"/,
  },
];

HOSTILE_CASES.push(...SECRET_CASES);
