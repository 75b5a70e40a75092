import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { fixturesDir } from './paths';

/** The `$id` the spec's components are registered under, so `#/components/schemas/…` refs resolve. */
const SPEC_ID = 'https://switchyard.test/openai-openapi.json';

/** Outcome of validating one value against one of the spec's schemas. */
export interface SpecValidation {
  valid: boolean;
  /** One line per problem (`/choices/0/finish_reason must be equal to one of the allowed values`); empty when valid. */
  errors: string[];
}

/** Validates values against `components.schemas` of OpenAI's OpenAPI description. */
export interface OpenAISchemaValidator {
  /** Validates `value` against `components.schemas[schemaName]`; throws when the spec has no such schema. */
  validate(schemaName: string, value: unknown): SpecValidation;
}

/** Where OpenAI's `openapi.yaml` is: `SWITCHYARD_OPENAI_SPEC`, else this library's `fixtures/openai-openapi`. */
export function openAISpecPath(): string {
  const fromEnv = process.env['SWITCHYARD_OPENAI_SPEC'];
  if (fromEnv) return resolve(fromEnv);
  return join(fixturesDir(), 'openai-openapi', 'openapi.yaml');
}

/**
 * Rewrites OpenAPI 3.0's `nullable: true` (which JSON Schema 2020-12 does not know, so Ajv ignores it)
 * as `{anyOf: [schema, {type: 'null'}]}`, everywhere in `node`. Returns a new tree.
 */
export function acceptNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptNullable);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const nullable = entries.some(([key, value]) => key === 'nullable' && value === true);
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === 'nullable' && typeof value === 'boolean') continue;
    rewritten[key] = acceptNullable(value);
  }
  return nullable ? { anyOf: [rewritten, { type: 'null' }] } : rewritten;
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'} (${error.schemaPath})`;
}

function loadValidator(specPath: string): OpenAISchemaValidator {
  let spec: unknown;
  try {
    spec = parseYaml(readFileSync(specPath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot load the OpenAI spec ${specPath} (set SWITCHYARD_OPENAI_SPEC): ${(error as Error).message}`);
  }
  const components = (spec as { components?: unknown } | null)?.components;
  if (typeof components !== 'object' || components === null) throw new Error(`${specPath} has no components`);

  // strict: false lets OpenAPI's own keywords (discriminator, x-*, example) pass; formats such as
  // `unixtime` are OpenAPI annotations, not checks.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: SPEC_ID, components: acceptNullable(components) });
  const compiled = new Map<string, ValidateFunction>();

  return {
    validate(schemaName, value) {
      let check = compiled.get(schemaName);
      if (!check) {
        check = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`);
        if (!check) throw new Error(`the OpenAI spec has no schema components.schemas.${schemaName}`);
        compiled.set(schemaName, check);
      }
      const valid = check(value) as boolean;
      return { valid, errors: valid ? [] : (check.errors ?? []).map(describeError) };
    },
  };
}

/** Parsed specs by path: the 3 MB YAML is read once per module registry, that is once per jest test file. */
const validators = new Map<string, OpenAISchemaValidator>();

/** A validator for OpenAI's schemas, loaded from {@link openAISpecPath} on first use. */
export function openAISchemaValidator(specPath = openAISpecPath()): OpenAISchemaValidator {
  let validator = validators.get(specPath);
  if (!validator) {
    validator = loadValidator(specPath);
    validators.set(specPath, validator);
  }
  return validator;
}
