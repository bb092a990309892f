/** The CRM layer's public API: read a CRM export (Salesforce tree/CSV, Maven, any mapped CSV) into one normalised model. */
export type { CrmAccount, CrmContact, CrmExport, CrmOpportunity, CrmProblem, CrmRef } from './types.js';
export type {
  CrmAccountField,
  CrmContactField,
  CrmEntityMapping,
  CrmFieldRule,
  CrmFieldSpec,
  CrmLinkedEntityMapping,
  CrmLookupMapping,
  CrmMapping,
  CrmOpportunityField,
  CrmOpportunityMapping,
} from './mapping.js';
export { loadCrmMapping } from './mapping.js';
export { parseUsersExport, resolveOwnerIds, type CrmUsers } from './users.js';
export { CrmReadError, type CrmReadErrorOptions } from './read-error.js';
export { parseCrmExport, parseCsvExport, parseSalesforceTree } from './parse.js';
export { listCrmSources, loadShippedMapping, readCrmExport, readUsersExport, type ReadCrmOptions } from './read.js';
export {
  ARR_WINDOW_DAYS,
  accountArrUsd,
  exportReferenceDate,
  findAccount,
  findAccounts,
  planOpportunity,
  primaryOpportunity,
  saValidatedEvaluation,
} from './accounts.js';
