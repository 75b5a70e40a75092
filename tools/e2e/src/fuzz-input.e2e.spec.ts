import fc from 'fast-check';
import { startFakeOpenAI, testModelsDir, type FakeUpstream } from '@switchyard/testing';
import { postRaw, type RawResponse } from './post-raw';
import { startStack, type Stack } from './stack';

// Property-based bad input: request bodies built from the shape of OpenAI's chat and completion requests, then
// mutated (wrong types, missing fields, huge numbers, deep nesting, invalid UTF-8, long strings, unknown fields,
// duplicate keys), and the same for OpenAI's Responses API and Anthropic's Messages API. Every one must get a 2xx or a 4xx in the API's own
// error shape, within the deadline, without the provider's key.

const PROVIDER_KEY = 'sk-fuzz-provider-secret-5f1e2d3c4b5a';
const RUNS = Number(process.env['SWITCHYARD_FUZZ_RUNS'] ?? 150);
/**
 * A fixed seed by default, so that CI runs the same bodies every time and a red run can be replayed;
 * `SWITCHYARD_FUZZ_SEED=random` explores new ones (fast-check prints the seed of a failure).
 */
const SEED = process.env['SWITCHYARD_FUZZ_SEED'] === 'random' ? undefined : Number(process.env['SWITCHYARD_FUZZ_SEED'] ?? 20_261_202);
/** A request of this suite must be answered within this long (the fake upstream answers at once, tiny local models fast). */
const ANSWER_WITHIN_MS = 15_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };


/** Mostly `valid`, now and then `odd`: so that many bodies get through validation and exercise the answer paths too. */
const mostly = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: odd, weight: 1 });

const models = mostly(fc.constantFrom('openai:gpt-4o-mini', 'local:stories260k', 'auto'), fc.constantFrom('openai:bad-request', 'nope:missing', ''));
const role = mostly(fc.constantFrom('system', 'user', 'assistant'), fc.constantFrom('developer', 'tool', 'wizard'));
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constant(''));
const content = mostly<Json>(text, fc.array(fc.record({ type: fc.constantFrom('text', 'image_url'), text }), { maxLength: 2 }) as fc.Arbitrary<Json>);
const message = mostly(fc.record({ role, content }), fc.record({ role, content }, { requiredKeys: [] }));

/** A chat request close to valid: the fields OpenAI documents, each either absent or plausible. */
const chatBody: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    model: models,
    messages: fc.array(message, { minLength: 1, maxLength: 3 }),
    max_tokens: mostly(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -2, max: 0 })),
    max_completion_tokens: fc.integer({ min: 1, max: 3 }),
    temperature: mostly(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true })),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    n: mostly(fc.constant(1), fc.integer({ min: 0, max: 3 })),
    stream: fc.boolean(),
    stop: fc.oneof(text, fc.array(text, { maxLength: 4 })),
    seed: fc.integer(),
    logprobs: fc.boolean(),
    top_logprobs: fc.integer({ min: -1, max: 25 }),
    presence_penalty: fc.double({ min: -2, max: 2, noNaN: true }),
    user: text,
    response_format: fc.record({ type: fc.constantFrom('text', 'json_object') }),
  },
  { requiredKeys: ['model', 'messages'] },
);

/** A text completion request close to valid. */
const completionBody: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    model: models,
    prompt: fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.array(fc.integer({ min: -1, max: 40_000 }), { maxLength: 5 })),
    max_tokens: mostly(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -1, max: 0 })),
    echo: fc.boolean(),
    stream: fc.boolean(),
    suffix: text,
    best_of: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: ['model', 'prompt'] },
);

const anthropicRole = mostly(fc.constantFrom('user', 'assistant'), fc.constantFrom('system', 'tool', 'wizard'));
const anthropicBlock = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('tool_result'), tool_use_id: text, content: text }),
  fc.record({ type: fc.constantFrom('image', 'thinking', 'video'), text }),
) as fc.Arbitrary<Json>;
const anthropicMessage = fc.record({ role: anthropicRole, content: mostly<Json>(text, fc.array(anthropicBlock, { maxLength: 2 }) as fc.Arbitrary<Json>) });

/** A Messages API request (Anthropic's) close to valid. */
const messagesBody: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    model: models,
    messages: fc.array(anthropicMessage, { minLength: 1, maxLength: 3 }),
    max_tokens: mostly(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -2, max: 0 })),
    system: mostly<Json>(text, fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 }) as fc.Arbitrary<Json>),
    temperature: mostly(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true })),
    top_k: fc.integer({ min: -1, max: 50 }),
    stop_sequences: fc.array(text, { maxLength: 6 }),
    stream: fc.boolean(),
    tool_choice: fc.record({ type: fc.constantFrom('auto', 'any', 'none', 'tool', 'sometimes') }),
    metadata: fc.record({ user_id: text }),
  },
  { requiredKeys: ['model', 'messages', 'max_tokens'] },
);

const responsesItem = fc.oneof(
  fc.record({ role, content: mostly<Json>(text, fc.array(fc.record({ type: fc.constantFrom('input_text', 'output_text', 'input_image'), text }), { maxLength: 2 }) as fc.Arbitrary<Json>) }),
  fc.record({ type: fc.constant('function_call'), call_id: text, name: text, arguments: text }),
  fc.record({ type: fc.constantFrom('function_call_output', 'reasoning', 'item_reference', 'message'), call_id: text, output: text }),
) as fc.Arbitrary<Json>;

/** A Responses API request (OpenAI's) close to valid. */
const responsesBody: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    model: models,
    input: mostly<Json>(text, fc.array(responsesItem, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Json>),
    instructions: text,
    max_output_tokens: mostly(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -2, max: 0 })),
    temperature: mostly(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true })),
    stream: fc.boolean(),
    text: fc.record({ format: fc.record({ type: fc.constantFrom('text', 'json_object', 'json_schema', 'yaml') }) }) as fc.Arbitrary<Json>,
    tool_choice: fc.constantFrom('auto', 'none', 'required', 'sometimes'),
    tools: fc.array(fc.record({ type: fc.constantFrom('function', 'web_search_preview'), name: text }), { maxLength: 2 }) as fc.Arbitrary<Json>,
    store: fc.boolean(),
  },
  { requiredKeys: ['model', 'input'] },
);

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 1e-320, 4294967297);
const wrongType: fc.Arbitrary<Json> = fc.oneof<fc.Arbitrary<Json>[]>(fc.constant(null), fc.boolean(), hugeNumber, text, fc.constant([]), fc.constant({}), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>);

/** JSON text nested `depth` levels deep, as arrays or objects (built as text: the test's own JSON.stringify would overflow its stack). */
const deep = fc.tuple(fc.integer({ min: 50, max: 200_000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`,
);

/** What a mutation does to a body: the result is sent as raw bytes. */
type Mutation = (body: Record<string, Json>) => Buffer;
const asJson = (body: Json): Buffer => Buffer.from(JSON.stringify(body));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant<Mutation>(asJson), weight: 6 },
  fc.tuple(fc.constantFrom('model', 'messages', 'prompt', 'max_tokens', 'temperature', 'stream', 'stop', 'n', 'stream_options'), wrongType).map(
    ([key, value]): Mutation => (body) => asJson({ ...body, [key]: value }),
  ),
  fc.constantFrom('model', 'messages', 'prompt').map((key): Mutation => (body) => asJson(Object.fromEntries(Object.entries(body).filter(([k]) => k !== key)))),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wrongType).map(([key, value]): Mutation => (body) => asJson({ ...body, [`x_${key}`]: value })),
  fc.tuple(fc.constantFrom('messages', 'prompt', 'stop', 'user', 'metadata'), deep).map(
    ([key, nested]): Mutation =>
      (body) => Buffer.from(JSON.stringify({ ...body, [key]: '@@deep@@' }).replace('"@@deep@@"', () => nested)),
  ),
  fc.tuple(fc.integer({ min: 100_000, max: 3_000_000 }), fc.constantFrom('messages', 'prompt')).map(
    ([length, key]): Mutation =>
      (body) => asJson({ ...body, [key]: key === 'messages' ? [{ role: 'user', content: 'a'.repeat(length) }] : 'b'.repeat(length) }),
  ),
  // The same key twice: JSON.parse keeps the last one, as most servers do.
  fc.tuple(models, wrongType).map(([model, first]): Mutation => (body) => {
    const json = JSON.stringify(body);
    return Buffer.from(`{"model":${JSON.stringify(first)},${json.slice(1).replace(/"model":("[^"]*")/, `"model":${JSON.stringify(model)}`)}`);
  }),
  // Bytes that are not UTF-8 inside a string, and a lone surrogate escape.
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80])).map((bad): Mutation => (body) => {
    const [head, tail] = JSON.stringify({ ...body, user: '@@' }).split('@@');
    return Buffer.concat([Buffer.from(head), bad, Buffer.from(tail)]);
  }),
  fc.constant<Mutation>((body) => Buffer.from(JSON.stringify({ ...body, user: 'x' }).replace('"user":"x"', '"user":"\\ud800 lone"'))),
  // Truncated JSON.
  fc.integer({ min: 1, max: 200 }).map((cut): Mutation => (body) => asJson(body).subarray(0, Math.max(1, asJson(body).length - cut))),
);

interface ErrorBody {
  error: { message: unknown; type: unknown; param: unknown; code: unknown };
}

/** Anthropic's error body: `{"type":"error","error":{"type","message"}}`. */
function isMessagesError(text: string): boolean {
  try {
    const body = JSON.parse(text) as { type: unknown; error: { type: unknown; message: unknown } };
    return body.type === 'error' && typeof body.error.type === 'string' && typeof body.error.message === 'string' && body.error.message !== '';
  } catch {
    return false;
  }
}

function isOpenAIError(text: string): boolean {
  try {
    const { error } = JSON.parse(text) as ErrorBody;
    return typeof error.message === 'string' && error.message !== '' && typeof error.type === 'string' && (error.param === null || typeof error.param === 'string') && (error.code === null || typeof error.code === 'string');
  } catch {
    return false;
  }
}

/** A 2xx whose body is a complete answer: JSON, or an event stream ending with `[DONE]` or with an error event. */
function isCompleteSuccess(res: RawResponse): boolean {
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('text/event-stream')) {
    const end = res.body.trimEnd();
    return (
      end.endsWith('data: [DONE]') ||
      /data: \{"error":/.test(res.body) ||
      end.endsWith('data: {"type":"message_stop"}') ||
      /event: error\ndata: \{"type":"error"/.test(res.body) ||
      /^event: response\.(completed|incomplete)$/m.test(res.body)
    );
  }
  try {
    JSON.parse(res.body);
    return true;
  } catch {
    return false;
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (hung)`)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

describe('property-based bad input: a 2xx or a 4xx in the API’s own shape, never a 5xx, a hang or a leaked secret', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: PROVIDER_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      extraEnv: { E2E_FUZZ_KEY: PROVIDER_KEY },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_FUZZ_KEY', models: ['gpt-4o-mini', 'bad-request'] }],
      expectModels: ['openai:gpt-4o-mini'],
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
    process.stdout.write(`fuzz-input: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
  });

  async function check(path: string, bytes: Buffer, dialect: 'openai' | 'messages' = 'openai'): Promise<void> {
    const res = await withDeadline(postRaw(`${stack.baseURL}${path}`, bytes, 'application/json'), ANSWER_WITHIN_MS);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const requestId = String(res.headers['x-request-id'] ?? '');
    const logged = requestId === '' ? [] : stack.all.flatMap((service) => service.output.filter((chunk) => chunk.includes(requestId)).map((chunk) => `${service.name}: ${chunk.slice(0, 600)}`));
    const shown = `${res.status} ${res.body.slice(0, 300)} (sent ${bytes.subarray(0, 300).toString()}) ${logged.join(' | ')}`;
    expect(res.body.includes(PROVIDER_KEY) ? 'the provider key was echoed' : 'no secret').toBe('no secret');
    if (res.status >= 200 && res.status < 300) {
      expect(isCompleteSuccess(res) ? 'complete' : shown).toBe('complete');
    } else {
      expect(res.status >= 400 && res.status < 500 ? 'a 4xx' : shown).toBe('a 4xx');
      if (dialect === 'openai') expect(isOpenAIError(res.body) ? 'OpenAI-shaped' : shown).toBe('OpenAI-shaped');
      else expect(isMessagesError(res.body) ? 'Anthropic-shaped' : shown).toBe('Anthropic-shaped');
    }
  }

  it('chat completions', async () => {
    await fc.assert(fc.asyncProperty(chatBody, mutation, (body, mutate) => check('/chat/completions', mutate(body))), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 600_000);

  it('text completions', async () => {
    await fc.assert(fc.asyncProperty(completionBody, mutation, (body, mutate) => check('/completions', mutate(body))), { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true });
  }, 600_000);

  it('the Messages API (errors in Anthropic’s shape)', async () => {
    await fc.assert(fc.asyncProperty(messagesBody, mutation, (body, mutate) => check('/messages', mutate(body), 'messages')), { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true });
  }, 600_000);

  it('the Responses API', async () => {
    await fc.assert(fc.asyncProperty(responsesBody, mutation, (body, mutate) => check('/responses', mutate(body))), { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: true });
  }, 600_000);

  it('the gateway still answers afterwards, and no log line holds the provider key', async () => {
    const res = await fetch(`${stack.baseURL.replace(/\/v1$/, '')}/health`);
    expect(res.status).toBe(200);
    const leaks = stack.all.flatMap((s) => s.output.filter((chunk) => chunk.includes(PROVIDER_KEY)).map(() => s.name));
    expect(leaks).toEqual([]);
  });
});
