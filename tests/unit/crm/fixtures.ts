/** Paths and loaders for the CRM fixtures (tests/fixtures/crm), shared by the CRM tests. */
import { sharedData } from '../../helpers/shared-data.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedMapping, type CrmMapping } from '../../../src/crm/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/crm/', import.meta.url));
export const SF_DIR = join(FIXTURES, 'sf-apex-recipes');
export const MAVEN_DIR = join(FIXTURES, 'maven-crm');

/** The full Maven data set in shared/ beside the repository (required: a missing one fails the tests). */
export const MAVEN_FULL_DIR = sharedData('data/maven-crm');

/** Every file of a folder as path -> text, the shape the pure parsers take. */
export function folderFiles(dir: string, only?: (name: string) => boolean): Record<string, string> {
  const names = readdirSync(dir).filter((n) => n !== 'SOURCE.md' && (only ? only(n) : true));
  return Object.fromEntries(names.map((n) => [join(dir, n), readFileSync(join(dir, n), 'utf8')]));
}

/** A shipped mapping by name (salesforce, salesforce-csv, maven). */
export function mapping(source: string): CrmMapping {
  return loadShippedMapping(source);
}
