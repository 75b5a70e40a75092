import type { StreamPart } from '@switchyard/contracts';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest, TokenLogprob } from '@switchyard/openai';
import { testModelPath } from '@switchyard/testing';
import Ajv from 'ajv';
import { loadNodeLlamaCpp } from './engine/load-node-llama-cpp';
import { requestParts, textOf } from './testing/worker-client';
import { startTestWorker, type TestWorker } from './testing/test-worker';

const STORIES = 'local:stories260k';
const TINY = 'local:tiny';
const PROMPT = 'Once upon a time';
/** stories260K's embedding size. */
const STORIES_EMBEDDING = 64;

jest.setTimeout(30_000);

const ofType = <T extends StreamPart['type']>(parts: readonly StreamPart[], type: T): Extract<StreamPart, { type: T }>[] =>
  parts.filter((p): p is Extract<StreamPart, { type: T }> => p.type === type);
const logprobsOf = (parts: readonly StreamPart[], index = 0): TokenLogprob[] => ofType(parts, 'delta').filter((d) => d.index === index).flatMap((d) => d.logprobs ?? []);
const finishOf = (parts: readonly StreamPart[], index = 0): string | undefined => ofType(parts, 'finish').find((f) => f.index === index)?.reason;
const usageOf = (parts: readonly StreamPart[]): Extract<StreamPart, { type: 'usage' }> => {
  const usage = parts.at(-1);
  if (usage?.type !== 'usage') throw new Error(`expected usage last, got ${JSON.stringify(parts.at(-1))}`);
  return usage;
};

describe('worker-local: completions, embeddings and chat options with real llama.cpp', () => {
  let worker: TestWorker;
  const complete = (body: Partial<CompletionRequest>, target = STORIES): Promise<StreamPart[]> =>
    requestParts(worker.client, worker.workerId, 'completion', body, { target });
  const embed = (body: Partial<EmbeddingRequest>): Promise<StreamPart[]> => requestParts(worker.client, worker.workerId, 'embeddings', body, { target: STORIES });
  const chat = (body: Partial<ChatCompletionRequest>, target = STORIES): Promise<StreamPart[]> => requestParts(worker.client, worker.workerId, 'chat', body, { target });

  beforeAll(async () => {
    worker = await startTestWorker('kinds', [
      { path: testModelPath('stories260K.gguf'), contextSize: 512, concurrency: 1 },
      { name: 'tiny', path: testModelPath('llama-2-tiny-random.gguf'), contextSize: 1024, concurrency: 1, maxQueue: 1 },
    ]);
  });

  afterAll(async () => {
    await worker?.close();
  });

  describe('text completions', () => {
    it('continues the raw prompt, echoes it, and ends at a stop sequence left out of the text', async () => {
      const free = await complete({ temperature: 0, max_tokens: 40 });
      const continuation = textOf(free);
      expect(continuation).toContain('.');
      const parts = await complete({ temperature: 0, max_tokens: 40, echo: true, stop: ['.'] });
      expect(parts[0]).toMatchObject({ type: 'start', backend: STORIES });
      expect(textOf(parts)).toBe(PROMPT + continuation.slice(0, continuation.indexOf('.')));
      expect(finishOf(parts)).toBe('stop');
    });

    it("generates 16 tokens by default and finishes with 'length'", async () => {
      const parts = await complete({ temperature: 0 });
      expect(finishOf(parts)).toBe('length');
      expect(usageOf(parts).completionTokens).toBe(16);
    });

    it('returns only the prompt with max_tokens 0 and echo', async () => {
      const parts = await complete({ max_tokens: 0, echo: true });
      expect(textOf(parts)).toBe(PROMPT);
      expect(finishOf(parts)).toBe('length');
      expect(usageOf(parts)).toMatchObject({ completionTokens: 0 });
    });

    it('gives n choices per prompt indexed prompt * n + i, counting each prompt once', async () => {
      const one = usageOf(await complete({ prompt: 'The cat', max_tokens: 1 })).promptTokens;
      const two = usageOf(await complete({ prompt: 'A dog ran', max_tokens: 1 })).promptTokens;
      const parts = await complete({ prompt: ['The cat', 'A dog ran'], n: 2, max_tokens: 8, temperature: 1, seed: 7 });
      expect(ofType(parts, 'finish').map((f) => f.index).sort()).toEqual([0, 1, 2, 3]);
      const usage = usageOf(parts);
      expect(usage.promptTokens).toBe(one + two);
      expect(usage.completionTokens).toBeGreaterThan(4);
      expect(usage.completionTokens).toBeLessThanOrEqual(32);
      expect(textOf(parts, 0)).not.toBe(textOf(parts, 1));
    });

    it('takes a prompt of token ids, and refuses an id outside the vocabulary', async () => {
      const parts = await complete({ prompt: [441, 416, 331], max_tokens: 3, echo: true, temperature: 0 });
      expect(textOf(parts).length).toBeGreaterThan(0);
      expect(await complete({ prompt: [1, 99_999] })).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_request', param: 'prompt' })]);
    });

    it('returns each token with its log probability and top alternatives, the greedy token first', async () => {
      const parts = await complete({ temperature: 0, max_tokens: 8, logprobs: 3 });
      const logprobs = logprobsOf(parts);
      expect(logprobs.length).toBeGreaterThan(0);
      expect(logprobs.map((l) => l.token).join('')).toBe(textOf(parts));
      for (const entry of logprobs) {
        expect(entry.logprob).toBeLessThanOrEqual(0);
        expect(entry.top_logprobs).toHaveLength(3);
        expect(entry.top_logprobs[0].token).toBe(entry.token);
        expect(entry.top_logprobs[0].logprob).toBeCloseTo(entry.logprob, 5);
      }
    });

    it('gives log probability tokens that spell the text, characters split over tokens included', async () => {
      const parts = await complete({ temperature: 1, seed: 3, max_tokens: 40, logprobs: 1 }, TINY);
      expect(usageOf(parts).completionTokens).toBe(40);
      expect(logprobsOf(parts).map((l) => l.token).join('')).toBe(textOf(parts));
    });

    it("scores the echoed prompt's tokens", async () => {
      const parts = await complete({ max_tokens: 2, echo: true, logprobs: 1, temperature: 0 });
      const echoed = ofType(parts, 'delta')[0];
      expect(echoed.text).toBe(PROMPT);
      expect(echoed.logprobs?.map((l) => l.token).join('')).toBe(PROMPT);
      expect(echoed.logprobs?.every((l) => l.logprob < 0 && l.top_logprobs.length === 1)).toBe(true);
    });

    it('returns the best of best_of candidates, counting every candidate in usage', async () => {
      const parts = await complete({ best_of: 3, n: 1, max_tokens: 6, temperature: 1, seed: 3 });
      expect(ofType(parts, 'finish')).toEqual([{ type: 'finish', index: 0, reason: expect.any(String) }]);
      expect(logprobsOf(parts)).toEqual([]);
      const chosen = ofType(parts, 'delta').length;
      expect(usageOf(parts).completionTokens).toBeGreaterThan(chosen);
    });

    it('never generates a token biased by -100', async () => {
      const lib = await loadNodeLlamaCpp();
      const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
      const vocab = await llama.loadModel({ modelPath: testModelPath('stories260K.gguf'), vocabOnly: true });
      const comma = vocab.tokenize(',', false, 'trimLeadingSpace');
      await vocab.dispose();
      expect(comma).toHaveLength(1);
      const body = { temperature: 0, max_tokens: 60 };
      expect(textOf(await complete(body))).toContain(',');
      expect(textOf(await complete({ ...body, logit_bias: { [String(comma[0])]: -100 } }))).not.toContain(',');
    });

    it('applies presence and frequency penalties', async () => {
      const body = { temperature: 0, max_tokens: 60 };
      const penalised = textOf(await complete({ ...body, presence_penalty: 2, frequency_penalty: 2 }));
      expect(penalised.length).toBeGreaterThan(0);
      expect(penalised).not.toBe(textOf(await complete(body)));
    });

    it.each<[string, Partial<CompletionRequest>, string, string]>([
      ['suffix on a model without infill tokens', { suffix: 'The end.' }, 'unsupported_parameter', 'suffix'],
      ['a prompt longer than the context', { prompt: 'Once upon a time, there was a cat. '.repeat(80) }, 'context_length_exceeded', 'prompt'],
      ['a logit_bias id outside the vocabulary', { logit_bias: { '5000': 1 } }, 'invalid_request', 'logit_bias'],
    ])('refuses %s', async (_name, body, code, param) => {
      expect(await complete(body)).toEqual([expect.objectContaining({ type: 'error', code, param, retryable: false })]);
    });
  });

  describe('embeddings', () => {
    const vectors = (parts: readonly StreamPart[]): number[][] => ofType(parts, 'embedding').map((e) => e.vector);

    it('embeds each input in order as a unit vector of the model size, then usage', async () => {
      const parts = await embed({ input: ['Once upon a time', 'The cat sat', 'Once upon a time'] });
      expect(parts.map((p) => p.type)).toEqual(['start', 'embedding', 'embedding', 'embedding', 'usage']);
      expect(ofType(parts, 'embedding').map((e) => e.index)).toEqual([0, 1, 2]);
      const [a, b, again] = vectors(parts);
      expect(a).toHaveLength(STORIES_EMBEDDING);
      expect(Math.hypot(...a)).toBeCloseTo(1, 5);
      expect(again).toEqual(a);
      expect(b).not.toEqual(a);
      expect(usageOf(parts)).toEqual({ type: 'usage', promptTokens: expect.any(Number), completionTokens: 0, workerMs: expect.any(Number) });
      expect(usageOf(parts).promptTokens).toBeGreaterThan(6);
    });

    it('embeds token ids as the text they stand for', async () => {
      const lib = await loadNodeLlamaCpp();
      const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
      const vocab = await llama.loadModel({ modelPath: testModelPath('stories260K.gguf'), vocabOnly: true });
      const ids = [...vocab.tokenize('The cat sat')];
      await vocab.dispose();
      const [fromText] = vectors(await embed({ input: 'The cat sat' }));
      const [fromIds] = vectors(await embed({ input: ids }));
      expect(fromIds).toEqual(fromText);
    });

    it.each<[string, Partial<EmbeddingRequest>, string, string]>([
      ['dimensions other than the model size', { dimensions: 32 }, 'unsupported_parameter', 'dimensions'],
      ['an input longer than the context', { input: ['short', 'Once upon a time, there was a cat. '.repeat(80)] }, 'context_length_exceeded', 'input[1]'],
      ['a token id outside the vocabulary', { input: [1, 4000] }, 'invalid_request', 'input'],
    ])('refuses %s', async (_name, body, code, param) => {
      expect(await embed(body)).toEqual([expect.objectContaining({ type: 'error', code, param })]);
    });

    it('accepts dimensions equal to the model size', async () => {
      expect(vectors(await embed({ dimensions: STORIES_EMBEDDING }))[0]).toHaveLength(STORIES_EMBEDDING);
    });
  });

  describe('chat options', () => {
    it('runs n choices within one request on a model with concurrency 1', async () => {
      const parts = await chat({ n: 3, max_tokens: 5, temperature: 1, seed: 11 }, TINY);
      expect(ofType(parts, 'start')).toHaveLength(1);
      expect(ofType(parts, 'finish').map((f) => f.index)).toEqual([0, 1, 2]);
      expect(usageOf(parts).completionTokens).toBe(15);
      expect(new Set([0, 1, 2].map((i) => textOf(parts, i))).size).toBeGreaterThan(1);
    });

    it('gives the same choices for the same seed', async () => {
      const body = { n: 2, max_tokens: 12, temperature: 1, seed: 5 };
      const [first, second] = [await chat(body), await chat(body)];
      expect(textOf(second, 0)).toBe(textOf(first, 0));
      expect(textOf(second, 1)).toBe(textOf(first, 1));
    });

    it('returns log probabilities of the answer tokens', async () => {
      const parts = await chat({ logprobs: true, top_logprobs: 2, max_tokens: 10, temperature: 0 });
      const logprobs = logprobsOf(parts);
      expect(logprobs.map((l) => l.token).join('')).toBe(textOf(parts));
      expect(logprobs.every((l) => l.top_logprobs.length === 2 && l.top_logprobs[0].token === l.token)).toBe(true);
    });

    it('answers with the same text with or without logprobs', async () => {
      const body = { max_tokens: 20, temperature: 0 };
      expect(textOf(await chat({ ...body, logprobs: true }))).toBe(textOf(await chat(body)));
    });

    it("returns parseable JSON in json_object mode whenever it finishes with 'stop'", async () => {
      const parts = await chat({ response_format: { type: 'json_object' }, n: 4, seed: 10, max_tokens: 60, temperature: 1 }, TINY);
      const stopped = [0, 1, 2, 3].filter((i) => finishOf(parts, i) === 'stop');
      expect(stopped.length).toBeGreaterThan(0);
      for (const i of stopped) expect(typeof JSON.parse(textOf(parts, i))).toBe('object');
    });

    it('survives json_object with logprobs at a vanishing temperature (found by the fuzz suite: it used to kill the worker)', async () => {
      const body: Partial<ChatCompletionRequest> = {
        messages: [
          { role: 'system', content: '' },
          { role: 'assistant', content: '' },
          { role: 'assistant', content: '\u{111ab}\u{10537}\u3283\u{1f327}\u{1f6d4}\u{10c26}\u{1145d}\u{10405}\u1918' },
        ],
        max_completion_tokens: 3,
        temperature: 1.3755791362923613e-38,
        n: 3,
        seed: -1608171172,
        logprobs: true,
        top_logprobs: 10,
        response_format: { type: 'json_object' },
      };
      const parts = await chat(body);
      expect([0, 1, 2].map((i) => finishOf(parts, i))).toEqual(expect.arrayContaining([expect.stringMatching(/^(stop|length)$/)]));
      expect(parts.some((p) => p.type === 'error')).toBe(false);
      expect(textOf(await chat({ max_tokens: 3 }))).not.toBe('');
    });

    it('returns JSON valid against a json_schema', async () => {
      const schema = {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 12 },
          age: { type: 'integer' },
          score: { type: 'number' },
          pet: { enum: ['cat', 'dog'] },
          tags: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3 },
          owner: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/person' }] },
        },
        required: ['name', 'age', 'score', 'pet', 'tags', 'owner'],
        additionalProperties: false,
        $defs: { person: { type: 'object', properties: { first: { type: 'string', maxLength: 8 } }, required: ['first'], additionalProperties: false } },
      };
      const validate = new Ajv().compile(schema);
      for (const target of [STORIES, TINY]) {
        const parts = await chat({ response_format: { type: 'json_schema', json_schema: { name: 'pet', schema, strict: true } }, n: 3, seed: 1, max_tokens: 200 }, target);
        for (const i of [0, 1, 2]) {
          expect(finishOf(parts, i)).toBe('stop');
          const value: unknown = JSON.parse(textOf(parts, i));
          expect({ target, value, errors: validate(value) ? null : validate.errors }).toEqual({ target, value, errors: null });
        }
      }
    });

    it('returns schema-valid JSON with logprobs too', async () => {
      const schema = { type: 'object', properties: { pet: { enum: ['cat', 'dog'] }, age: { type: 'integer' } } };
      const parts = await chat({ response_format: { type: 'json_schema', json_schema: { name: 's', schema } }, logprobs: true, max_tokens: 100, seed: 2 });
      const value = JSON.parse(textOf(parts)) as { pet: string; age: number };
      expect(['cat', 'dog']).toContain(value.pet);
      expect(Number.isInteger(value.age)).toBe(true);
      expect(logprobsOf(parts).map((l) => l.token).join('')).toBe(textOf(parts));
    });

    it.each<[string, Partial<ChatCompletionRequest>, string, string]>([
      [
        'a schema keyword no grammar enforces',
        { response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'string', pattern: '^a+$' } } } },
        'unsupported_parameter',
        'response_format.json_schema',
      ],
      ['a logit_bias key that is not a token id', { logit_bias: { hello: 5 } }, 'invalid_request', 'logit_bias'],
      ['top_logprobs without logprobs', { top_logprobs: 2 }, 'invalid_request', 'top_logprobs'],
    ])('refuses %s', async (_name, body, code, param) => {
      expect(await chat(body)).toEqual([expect.objectContaining({ type: 'error', code, param })]);
    });
  });

  describe('tool calls', () => {
    const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 12 } }, required: ['city'] } } };
    const now = { type: 'function' as const, function: { name: 'now', description: 'The time' } };
    const callsOf = (parts: readonly StreamPart[]) => ofType(parts, 'delta').flatMap((d) => d.toolCalls ?? []);

    it('answers tool_choice required with one call of a declared tool, its arguments valid, finish tool_calls', async () => {
      for (const target of [STORIES, TINY]) {
        const parts = await chat({ tools: [weather, now], tool_choice: 'required', seed: 3, max_tokens: 100 }, target);
        const calls = callsOf(parts);
        expect({ target, count: calls.length, finish: finishOf(parts), text: textOf(parts) }).toEqual({ target, count: 1, finish: 'tool_calls', text: '' });
        expect(calls[0]).toEqual({ index: 0, id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), name: expect.stringMatching(/^(get_weather|now)$/), arguments: expect.any(String) });
        const args = JSON.parse(calls[0]?.arguments ?? '') as Record<string, unknown>;
        if (calls[0]?.name === 'get_weather') expect(args).toEqual({ city: expect.any(String) });
        else expect(args).toEqual({});
      }
    });

    it('calls the named tool when tool_choice names it', async () => {
      const parts = await chat({ tools: [weather, now], tool_choice: { type: 'function', function: { name: 'get_weather' } }, seed: 5, max_tokens: 100 });
      expect(callsOf(parts).map((c) => c.name)).toEqual(['get_weather']);
      expect(usageOf(parts).completionTokens).toBeGreaterThan(0);
    });

    // The chat template's documentation of the tools takes about 600 tokens: more than stories260k's 512-token context.
    it('lets the model choose with tool_choice auto, and continues after a tool result', async () => {
      const first = await chat({ tools: [weather], max_tokens: 30, seed: 1 }, TINY);
      expect(first.some((p) => p.type === 'error')).toBe(false);
      expect(['stop', 'length', 'tool_calls']).toContain(finishOf(first));
      const messages: ChatCompletionRequest['messages'] = [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ];
      const after = await chat({ messages, tools: [weather], tool_choice: 'none', max_tokens: 10 }, TINY);
      expect(after.some((p) => p.type === 'error')).toBe(false);
      expect(usageOf(after).promptTokens).toBeGreaterThan(usageOf(await chat({ messages: [messages[0]], max_tokens: 1 }, TINY)).promptTokens);
    });

    it('puts the declared tools in the prompt with auto', async () => {
      const plain = usageOf(await chat({ max_tokens: 1 }, TINY)).promptTokens;
      const withTools = usageOf(await chat({ tools: [weather], max_tokens: 1 }, TINY)).promptTokens;
      expect(withTools).toBeGreaterThan(plain + 10);
    });
  });
});
