/**
 * Where the files csp ships for the CRM layer live: the package root is two levels above this
 * module both as src/crm/*.ts (vitest) and as dist/crm/*.js (after tsc).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of the folder holding the shipped mappings, playbooks/crm/<source>.yaml. */
export const SHIPPED_MAPPING_DIR = join(packageRoot, 'playbooks', 'crm');

/** Absolute path of schemas/crm_mapping.schema.json. */
export const MAPPING_SCHEMA_FILE = join(packageRoot, 'schemas', 'crm_mapping.schema.json');
