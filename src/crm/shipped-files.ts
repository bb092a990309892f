/** Where the files csp ships for the CRM layer live, under the package root. */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** Absolute path of the folder holding the shipped mappings, playbooks/crm/<source>.yaml. */
export const SHIPPED_MAPPING_DIR = join(PACKAGE_ROOT, 'playbooks', 'crm');

/** Absolute path of schemas/crm_mapping.schema.json. */
export const MAPPING_SCHEMA_FILE = join(PACKAGE_ROOT, 'schemas', 'crm_mapping.schema.json');
