import { toGrammarJsonSchema, type GrammarJsonSchema } from './grammar-json-schema';

describe('toGrammarJsonSchema', () => {
  it.each<[string, Record<string, unknown>, GrammarJsonSchema]>([
    ['a simple type', { type: 'integer' }, { type: 'integer' }],
    ['annotations dropped', { type: 'boolean', title: 'T', description: 'd', default: true, $schema: 'x' }, { type: 'boolean' }],
    ['string lengths', { type: 'string', minLength: 1, maxLength: 5 }, { type: 'string', minLength: 1, maxLength: 5 }],
    ['a supported format', { type: 'string', format: 'date' }, { type: 'string', format: 'date' }],
    ['a one-type list unwrapped', { type: ['number'] }, { type: 'number' }],
    ['a nullable type as alternatives', { type: ['string', 'null'], maxLength: 3 }, { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] }],
    ['enum', { enum: ['a', 1, null, false] }, { enum: ['a', 1, null, false] }],
    ['const', { const: 'x' }, { const: 'x' }],
    ['anyOf as oneOf', { anyOf: [{ type: 'string' }, { type: 'null' }] }, { oneOf: [{ type: 'string' }, { type: 'null' }] }],
    ['a single-schema allOf', { allOf: [{ type: 'string' }], description: 'd' }, { type: 'string' }],
    [
      'an object',
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false, maxProperties: 3 },
      { type: 'object', maxProperties: 3, properties: { a: { type: 'string' } } },
    ],
    ['an object open to more properties', { type: 'object', additionalProperties: true }, { type: 'object', properties: {}, additionalProperties: true }],
    ['an array', { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 4 }, { type: 'array', minItems: 1, maxItems: 4, items: { type: 'integer' } }],
    ['prefix items', { type: 'array', prefixItems: [{ type: 'string' }] }, { type: 'array', prefixItems: [{ type: 'string' }] }],
    [
      'references to root definitions',
      { type: 'object', properties: { p: { $ref: '#/definitions/P' } }, definitions: { P: { type: 'string' } } },
      { type: 'object', properties: { p: { $ref: '#/$defs/P' } }, $defs: { P: { type: 'string' } } },
    ],
  ])('converts %s', (_name, schema, expected) => {
    expect(toGrammarJsonSchema(schema)).toEqual({ ok: true, schema: expected });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a pattern', { type: 'string', pattern: '^a' }, "$: 'pattern' cannot be enforced"],
    ['a minimum deep inside', { type: 'object', properties: { n: { type: 'number', minimum: 0 } } }, "$.properties.n: 'minimum'"],
    ['uniqueItems', { type: 'array', uniqueItems: true }, "'uniqueItems'"],
    ['not', { not: { type: 'null' } }, "'not'"],
    ['an untyped node', { type: 'object', properties: { x: {} } }, '$.properties.x: needs a type'],
    ['a boolean schema', { type: 'array', items: true }, '$.items: must be a schema object'],
    ['an unknown format', { type: 'string', format: 'email' }, '$.format: only the formats'],
    ['a format with lengths', { type: 'string', format: 'date', maxLength: 3 }, 'cannot be combined'],
    ['an unknown type', { type: 'decimal' }, "unknown type 'decimal'"],
    ['an object enum value', { enum: [{ a: 1 }] }, '$.enum[0]: only string'],
    ['a reference outside the definitions', { $ref: 'https://x/schema' }, "'$ref' must point"],
    ['a reference to a missing definition', { $ref: '#/$defs/Nope' }, "'$ref' must point"],
    ['a multi-schema allOf', { allOf: [{ type: 'string' }, { maxLength: 2 }] }, "'allOf' is supported with a single schema only"],
    ['a required property not listed', { type: 'object', properties: {}, required: ['a'] }, "'a' is required but not among the properties"],
    ['nested definitions', { type: 'object', properties: { a: { type: 'string', $defs: {} } } }, 'definitions are supported at the root only'],
  ])('refuses %s, naming where', (_name, schema, where) => {
    expect(toGrammarJsonSchema(schema)).toEqual({
      ok: false,
      error: { code: 'unsupported_parameter', param: 'response_format.json_schema', message: expect.stringContaining(where) },
    });
  });
});
