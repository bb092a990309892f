/**
 * The one ajv configuration csp uses, shared by the build-time standalone compiler
 * (scripts/build-validators.mjs) and the runtime fallback, so both validate the same way.
 * Draft-07, all errors, full date formats (2027-02-30 is invalid), and the annotation keywords
 * csp adds to its schemas.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** Annotation keywords csp reads from the schemas; ajv only has to accept them. */
export const ANNOTATION_KEYWORDS = ['x-visibility', 'x-crm-owned', 'x-commercial', 'x-merge'] as const;

/** Builds the ajv instance. `standalone` turns on code generation for scripts/build-validators.mjs. */
export function createAjv(standalone = false): Ajv {
  const options: Options = {
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    ...(standalone ? { code: { source: true, esm: true } } : {}),
  };
  const ajv = new Ajv(options);
  // NOTE: ajv-formats is CommonJS; under NodeNext the default import is the module, whose
  // `default` is the plugin (ECOSYSTEM.md).
  addFormatsModule.default(ajv, { mode: 'full' });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'boolean', 'object'] });
  return ajv;
}
