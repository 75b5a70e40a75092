import { KeyRecordSchema, ModelPatternSchema, modelAllowed } from './key-record';

describe('modelAllowed', () => {
  it.each<[string, string[], string, boolean]>([
    ['every model when the list is empty', [], 'openai:gpt-4o', true],
    ['an exact name', ['local:stories260k'], 'local:stories260k', true],
    ['not another model', ['local:stories260k'], 'local:tinyllama', false],
    ['not a longer name', ['local:stories260k'], 'local:stories260k-v2', false],
    ['a provider wildcard', ['openai:*'], 'openai:gpt-4o-mini', true],
    ['not another provider', ['openai:*'], 'anthropic:claude-3-5-haiku-latest', false],
    ['not a provider named alike', ['openai:*'], 'openai-compat:x', false],
    ['auto when listed', ['local:stories260k', 'auto'], 'auto', true],
    ['not auto unless listed', ['local:*'], 'auto', false],
    ['an alias', ['fast'], 'fast', true],
    ['everything with *', ['*'], 'anthropic:x', true],
    ['a name prefix', ['openai:gpt-4o*'], 'openai:gpt-4o-mini', true],
    ['case as written', ['local:stories260k'], 'LOCAL:stories260k', false],
  ])('allows %s', (_name, patterns, model, expected) => {
    expect(modelAllowed(patterns, model)).toBe(expected);
  });
});

describe('ModelPatternSchema', () => {
  it.each(['local:stories260k', 'openai:*', '*', 'auto', 'fast', 'openai:gpt-4o*', 'hf/user:model@v1'])('accepts %j', (pattern) => {
    expect(ModelPatternSchema.safeParse(pattern).success).toBe(true);
  });

  it.each(['', 'open ai:*', '*:gpt', 'openai:*x', '**', ':x'])('rejects %j', (pattern) => {
    expect(ModelPatternSchema.safeParse(pattern).success).toBe(false);
  });
});

describe('KeyRecordSchema', () => {
  const record = {
    id: 'key_0123456789abcdef',
    name: 'team-a',
    hash: 'a'.repeat(64),
    prefix: 'sk-sy-AbCd',
    createdAt: '2025-01-01T00:00:00.000Z',
    limits: { rpm: 60, tpm: 150_000, rpd: 3_500 },
    models: [],
  };

  it('accepts a record, with or without revokedAt', () => {
    expect(KeyRecordSchema.parse(record)).toEqual(record);
    expect(KeyRecordSchema.parse({ ...record, revokedAt: '2025-01-02T00:00:00.000Z' }).revokedAt).toBeDefined();
  });

  it.each<[string, Record<string, unknown>]>([
    ['a hash that is not SHA-256 hex', { hash: 'sk-sy-plaintext' }],
    ['a zero limit', { limits: { rpm: 0, tpm: 1, rpd: 1 } }],
    ['a missing limit', { limits: { rpm: 1, tpm: 1 } }],
    ['a bad id', { id: 'team-a' }],
  ])('rejects %s', (_name, change) => {
    expect(KeyRecordSchema.safeParse({ ...record, ...change }).success).toBe(false);
  });
});
