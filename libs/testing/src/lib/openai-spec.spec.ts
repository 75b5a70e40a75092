import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { acceptNullable, openAISchemaValidator, openAISpecPath } from './openai-spec';
import { workspaceRoot } from './paths';

/** The example of `CreateChatCompletionResponse` from the spec itself (`x-oaiMeta.example`). */
const completionExample = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The image shows a wooden boardwalk.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const chunk = {
  id: 'chatcmpl-123',
  object: 'chat.completion.chunk',
  created: 1694268190,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
};

describe('openAISchemaValidator', () => {
  const spec = openAISchemaValidator();

  it.each([
    ['the spec example of a chat completion', 'CreateChatCompletionResponse', completionExample],
    ['a role chunk', 'CreateChatCompletionStreamResponse', chunk],
    ['a chunk with "usage": null and "finish_reason": null (OpenAPI nullable)', 'CreateChatCompletionStreamResponse', { ...chunk, usage: null }],
    [
      'a usage chunk with no choices',
      'CreateChatCompletionStreamResponse',
      { ...chunk, choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
    ],
    ['an error body', 'ErrorResponse', { error: { message: 'nope', type: 'invalid_request_error', param: null, code: null } }],
  ])('accepts %s', (_name, schema, value) => {
    expect(spec.validate(schema, value)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ['a completion without choices', 'CreateChatCompletionResponse', { ...completionExample, choices: undefined }],
    ['a completion with the chunk object type', 'CreateChatCompletionResponse', { ...completionExample, object: 'chat.completion.chunk' }],
    [
      'an unknown finish reason',
      'CreateChatCompletionResponse',
      { ...completionExample, choices: [{ ...completionExample.choices[0], finish_reason: 'eos' }] },
    ],
    [
      'a message with a user role (checked through a $ref)',
      'CreateChatCompletionResponse',
      { ...completionExample, choices: [{ ...completionExample.choices[0], message: { role: 'user', content: 'x', refusal: null } }] },
    ],
    ['a chunk whose usage is a string', 'CreateChatCompletionStreamResponse', { ...chunk, usage: 'none' }],
    ['a chunk without finish_reason', 'CreateChatCompletionStreamResponse', { ...chunk, choices: [{ index: 0, delta: {} }] }],
    ['an error without a message', 'ErrorResponse', { error: { type: 'x', param: null, code: null } }],
    ['an error whose code is a number', 'ErrorResponse', { error: { message: 'x', type: 'x', param: null, code: 500 } }],
  ])('rejects %s', (_name, schema, value) => {
    const result = spec.validate(schema, value);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('names the failing field in its errors', () => {
    const result = spec.validate('ErrorResponse', { error: { message: 'x', type: 'x', param: null } });
    expect(result.errors.join('\n')).toContain("must have required property 'code'");
  });

  it('refuses a schema the spec does not have', () => {
    expect(() => spec.validate('NoSuchSchema', {})).toThrow(/components\.schemas\.NoSuchSchema/);
  });

  it('returns the same validator on each call, so the spec is parsed once', () => {
    expect(openAISchemaValidator()).toBe(spec);
  });
});

describe('openAISpecPath', () => {
  const saved = process.env['SWITCHYARD_OPENAI_SPEC'];
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'openai-spec-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env['SWITCHYARD_OPENAI_SPEC'];
    else process.env['SWITCHYARD_OPENAI_SPEC'] = saved;
  });

  it('defaults to the copy in this library’s fixtures, which is there', () => {
    delete process.env['SWITCHYARD_OPENAI_SPEC'];
    expect(openAISpecPath()).toBe(join(workspaceRoot(), 'libs', 'testing', 'fixtures', 'openai-openapi', 'openapi.yaml'));
    expect(existsSync(openAISpecPath())).toBe(true);
  });

  it('uses SWITCHYARD_OPENAI_SPEC when set', () => {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(
      file,
      [
        'openapi: 3.0.0',
        'components:',
        '  schemas:',
        '    Name:',
        '      type: string',
        '      nullable: true',
        '    Pair:',
        '      type: object',
        '      required: [name]',
        '      properties:',
        '        name:',
        '          $ref: "#/components/schemas/Name"',
      ].join('\n'),
    );
    process.env['SWITCHYARD_OPENAI_SPEC'] = file;
    expect(openAISpecPath()).toBe(file);
    const tiny = openAISchemaValidator();
    expect(tiny.validate('Pair', { name: null }).valid).toBe(true);
    expect(tiny.validate('Pair', { name: 'x' }).valid).toBe(true);
    expect(tiny.validate('Pair', { name: 3 }).valid).toBe(false);
    expect(tiny.validate('Pair', {}).valid).toBe(false);
  });

  it('says where it looked when the file is missing', () => {
    process.env['SWITCHYARD_OPENAI_SPEC'] = join(dir, 'absent.yaml');
    expect(() => openAISchemaValidator()).toThrow(/absent\.yaml.*SWITCHYARD_OPENAI_SPEC/);
  });
});

describe('acceptNullable', () => {
  const ajv = new Ajv2020({ strict: false });

  it.each([
    ['a nullable string', { type: 'string', nullable: true }, [['x', true], [null, true], [1, false]]],
    ['a non-nullable string', { type: 'string', nullable: false }, [['x', true], [null, false]]],
    ['a nullable enum', { type: 'string', enum: ['stop'], nullable: true }, [['stop', true], [null, true], ['eos', false]]],
    [
      'a nested nullable property',
      { type: 'object', properties: { usage: { type: 'object', nullable: true } }, required: ['usage'] },
      [[{ usage: null }, true], [{ usage: {} }, true], [{ usage: 3 }, false]],
    ],
    [
      'a property that is itself named "nullable"',
      { type: 'object', properties: { nullable: { type: 'boolean' } } },
      [[{ nullable: true }, true], [{ nullable: 'yes' }, false], [null, false]],
    ],
  ] as Array<[string, object, Array<[unknown, boolean]>]>)('rewrites %s', (_name, schema, samples) => {
    const check = ajv.compile(acceptNullable(schema) as object);
    expect(samples.map(([value]) => check(value))).toEqual(samples.map(([, valid]) => valid));
  });
});
