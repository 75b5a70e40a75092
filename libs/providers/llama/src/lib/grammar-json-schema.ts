import { unsupportedParameter, type UnsupportedParameter } from './unsupported-parameter';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A JSON schema in the subset node-llama-cpp turns into a grammar (`llama.createGrammarForJsonSchema`):
 * types, properties, items, enum, const, oneOf, `#/$defs/…` references, lengths and item counts.
 */
export type GrammarJsonSchema = { [key: string]: JsonValue };

/** The parameter named when a schema cannot be enforced. */
const PARAM = 'response_format.json_schema';

/** Keywords that describe and constrain nothing; dropped. */
const ANNOTATIONS = new Set(['title', 'description', '$schema', '$id', '$comment', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'strict']);
/** Keywords understood below; any other keyword (pattern, minimum, …) cannot be enforced and is refused. */
const KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'items', 'prefixItems', 'minItems',
  'maxItems', 'minLength', 'maxLength', 'format', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref', '$defs', 'definitions',
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
/** String formats node-llama-cpp's grammar generates. */
const FORMATS = new Set(['date-time', 'date', 'time']);

/** Thrown inside the conversion only; turned into an `UnsupportedParameter` at its entry point. */
class Refusal extends Error {}

function refuse(path: string, why: string): never {
  throw new Refusal(`${path}: ${why}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) refuse(path, 'must be a non-negative integer');
  return value;
}

function literal(value: unknown, path: string): JsonValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as JsonValue;
  return refuse(path, 'only string, number, boolean and null values can be generated');
}

/** Copies the listed count keywords that are present. */
function counts(node: Record<string, unknown>, keys: readonly string[], path: string): GrammarJsonSchema {
  const out: GrammarJsonSchema = {};
  for (const key of keys) if (node[key] !== undefined) out[key] = count(node[key], `${path}.${key}`);
  return out;
}

/** Converts schema nodes, knowing the names of the root's definitions. */
class Converter {
  constructor(private readonly defs: ReadonlySet<string>) {}

  node(node: unknown, path: string): GrammarJsonSchema {
    if (!isObject(node)) return refuse(path, 'must be a schema object with a type (true, false and {} cannot be generated)');
    for (const key of Object.keys(node)) {
      if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) refuse(path, `'${key}' cannot be enforced by a grammar`);
    }
    if ((node['$defs'] !== undefined || node['definitions'] !== undefined) && path !== '$') refuse(path, 'definitions are supported at the root only');
    if (node['allOf'] !== undefined) return this.allOf(node, path);
    if (node['$ref'] !== undefined) return this.ref(node['$ref'], path);
    if (node['anyOf'] !== undefined || node['oneOf'] !== undefined) return this.alternatives(node, path);
    if (node['const'] !== undefined) return { const: literal(node['const'], `${path}.const`) };
    if (node['enum'] !== undefined) {
      if (!Array.isArray(node['enum']) || node['enum'].length === 0) refuse(`${path}.enum`, 'must be a non-empty list');
      return { enum: node['enum'].map((value, i) => literal(value, `${path}.enum[${i}]`)) };
    }
    return this.typed(node, path);
  }

  private allOf(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const parts = node['allOf'];
    const others = Object.keys(node).filter((key) => key !== 'allOf' && !ANNOTATIONS.has(key) && key !== '$defs' && key !== 'definitions');
    if (!Array.isArray(parts) || parts.length !== 1 || others.length > 0) return refuse(path, "'allOf' is supported with a single schema only");
    return this.node(parts[0], `${path}.allOf[0]`);
  }

  private ref(ref: unknown, path: string): GrammarJsonSchema {
    const match = typeof ref === 'string' ? /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref) : null;
    if (!match || !this.defs.has(match[1])) return refuse(path, `'$ref' must point to a root definition (#/$defs/<name>)`);
    return { $ref: `#/$defs/${match[1]}` };
  }

  /** anyOf and oneOf both become oneOf: a value generated from one alternative satisfies anyOf. */
  private alternatives(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const key = node['anyOf'] !== undefined ? 'anyOf' : 'oneOf';
    const options = node[key];
    if (node['anyOf'] !== undefined && node['oneOf'] !== undefined) refuse(path, "'anyOf' and 'oneOf' together cannot be enforced");
    if (!Array.isArray(options) || options.length === 0) return refuse(`${path}.${key}`, 'must be a non-empty list');
    return { oneOf: options.map((option, i) => this.node(option, `${path}.${key}[${i}]`)) };
  }

  private typed(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const type = node['type'];
    if (Array.isArray(type)) {
      if (type.length === 0) refuse(`${path}.type`, 'must name at least one type');
      if (type.length === 1) return this.typed({ ...node, type: type[0] }, path);
      return { oneOf: type.map((single) => this.typed({ ...node, type: single }, path)) };
    }
    if (typeof type !== 'string') return refuse(path, 'needs a type, enum, const, anyOf, oneOf or $ref');
    if (!TYPES.has(type)) refuse(`${path}.type`, `unknown type '${type}'`);
    if (type === 'object') return this.object(node, path);
    if (type === 'array') return this.array(node, path);
    if (type === 'string') return this.string(node, path);
    return { type };
  }

  private object(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const properties = node['properties'] ?? {};
    if (!isObject(properties)) return refuse(`${path}.properties`, 'must be an object');
    const out: GrammarJsonSchema = { type: 'object', ...counts(node, ['minProperties', 'maxProperties'], path) };
    const converted: GrammarJsonSchema = {};
    for (const [name, schema] of Object.entries(properties)) converted[name] = this.node(schema, `${path}.properties.${name}`);
    out['properties'] = converted;
    // Every listed property is always generated, which satisfies any `required` list naming listed properties.
    const required = node['required'] ?? [];
    if (!Array.isArray(required)) return refuse(`${path}.required`, 'must be a list');
    const unlisted = required.find((name) => typeof name !== 'string' || !Object.hasOwn(properties, name));
    if (unlisted !== undefined) refuse(`${path}.required`, `'${String(unlisted)}' is required but not among the properties`);
    const additional = node['additionalProperties'];
    if (additional === true) out['additionalProperties'] = true;
    else if (additional !== undefined && additional !== false) out['additionalProperties'] = this.node(additional, `${path}.additionalProperties`);
    return out;
  }

  private array(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const out: GrammarJsonSchema = { type: 'array', ...counts(node, ['minItems', 'maxItems'], path) };
    if (node['items'] !== undefined) out['items'] = this.node(node['items'], `${path}.items`);
    const prefix = node['prefixItems'];
    if (prefix !== undefined) {
      if (!Array.isArray(prefix)) return refuse(`${path}.prefixItems`, 'must be a list');
      out['prefixItems'] = prefix.map((item, i) => this.node(item, `${path}.prefixItems[${i}]`));
    }
    return out;
  }

  private string(node: Record<string, unknown>, path: string): GrammarJsonSchema {
    const format = node['format'];
    if (format === undefined) return { type: 'string', ...counts(node, ['minLength', 'maxLength'], path) };
    if (typeof format !== 'string' || !FORMATS.has(format)) refuse(`${path}.format`, `only the formats ${[...FORMATS].join(', ')} can be generated`);
    if (node['minLength'] !== undefined || node['maxLength'] !== undefined) refuse(path, 'a format cannot be combined with length limits');
    return { type: 'string', format };
  }
}

/**
 * Converts an OpenAI `json_schema.schema` (or a tool's `parameters`, named by `param`) into the subset node-llama-cpp enforces while sampling, so
 * that every completed output validates against the original schema. A keyword the grammar cannot
 * enforce (pattern, minimum, uniqueItems, not, …) is refused naming its place, never ignored:
 * node-llama-cpp itself would silently ignore it. Annotations (title, description, …) are dropped.
 */
export function toGrammarJsonSchema(
  schema: Record<string, unknown>,
  param: string = PARAM,
): { ok: true; schema: GrammarJsonSchema } | { ok: false; error: UnsupportedParameter } {
  try {
    const rawDefs = { ...(isObject(schema['definitions']) ? schema['definitions'] : {}), ...(isObject(schema['$defs']) ? schema['$defs'] : {}) };
    const converter = new Converter(new Set(Object.keys(rawDefs)));
    const root = converter.node(schema, '$');
    const defs: GrammarJsonSchema = {};
    for (const [name, def] of Object.entries(rawDefs)) defs[name] = converter.node(def, `$.$defs.${name}`);
    return { ok: true, schema: Object.keys(defs).length > 0 ? { ...root, $defs: defs } : root };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { ok: false, error: unsupportedParameter(param, `the schema cannot be enforced on a local model (${error.message})`) };
  }
}
