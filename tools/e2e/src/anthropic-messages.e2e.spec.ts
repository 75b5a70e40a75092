import Anthropic from '@anthropic-ai/sdk';
import { FAKE_REDACTED_THINKING, FAKE_THINKING, REDACTED_THINKING_TRIGGER, startFakeAnthropic, startFakeOpenAI, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { startStack, type Stack } from './stack';

const OPENAI_KEY = 'sk-test-openai-secret-0123456789';
const ANTHROPIC_KEY = 'sk-ant-test-secret-9876543210';
const AUTO_SELECTED = /^auto \(selected: local:(stories260k|llama-2-tiny-random)\)$/;
const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('the Messages API driven by the official Anthropic client', () => {
  let upstream: FakeUpstream;
  let anthropicUpstream: FakeUpstream;
  let stack: Stack;
  let client: Anthropic;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropicUpstream = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      extraEnv: { E2E_OPENAI_KEY: OPENAI_KEY, E2E_ANTHROPIC_KEY: ANTHROPIC_KEY },
      cloudProviders: [
        { name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['gpt-4o-mini', 'tool-model'] },
        { name: 'anthropic', kind: 'anthropic', baseUrl: anthropicUpstream.url, apiKeyEnv: 'E2E_ANTHROPIC_KEY', models: ['claude-test', 'tool-model'] },
      ],
      expectModels: ['openai:gpt-4o-mini', 'anthropic:claude-test'],
    });
    // The SDK adds `/v1/messages` itself, and sends the key as `x-api-key`.
    client = new Anthropic({ baseURL: stack.baseURL.replace(/\/v1$/, ''), apiKey: 'not-needed', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
    await anthropicUpstream?.close();
  });

  /** The last Messages request the fake Anthropic received. */
  function lastAnthropicBody(): Record<string, unknown> {
    const request = anthropicUpstream.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').at(-1);
    if (!request) throw new Error('the fake Anthropic received no Messages request');
    return request.body as Record<string, unknown>;
  }

  it('passes thinking through an Anthropic backend: the block and its signature, whole and streamed', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const whole = await client.messages.create({ model: 'anthropic:claude-test', max_tokens: 2000, thinking, messages: [{ role: 'user', content: 'hello there' }] });
    expect(whole.model).toBe('anthropic:claude-test');
    expect(whole.content).toEqual([
      { type: 'thinking', thinking: FAKE_THINKING.pieces.join(''), signature: FAKE_THINKING.signature },
      { type: 'text', text: 'Echo: hello there' },
    ]);
    expect(whole.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(lastAnthropicBody()).toMatchObject({ model: 'claude-test', thinking });

    const stream = client.messages.stream({ model: 'anthropic:claude-test', max_tokens: 2000, thinking, messages: [{ role: 'user', content: 'hello there' }] });
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();
    expect(deltas).toEqual(expect.arrayContaining(['thinking_delta', 'signature_delta', 'text_delta']));
    expect(streamed.content[0]).toEqual({ type: 'thinking', thinking: FAKE_THINKING.pieces.join(''), signature: FAKE_THINKING.signature });
    expect(streamed.content[1]).toMatchObject({ type: 'text', text: 'Echo: hello there' });
  });

  it('sends the next turn to Anthropic as the client wrote it: the signed thinking block byte for byte, cache_control and beta kept', async () => {
    const first = await client.messages.create({
      model: 'anthropic:claude-test',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'hello there' }],
    });
    const system = [{ type: 'text' as const, text: 'A long, cacheable system prompt.', cache_control: { type: 'ephemeral' as const } }];
    await client.messages.create({
      model: 'anthropic:claude-test',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      system,
      messages: [
        { role: 'user', content: 'hello there' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'text', text: 'and again', cache_control: { type: 'ephemeral' } }] },
      ],
    }, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } });
    expect(anthropicUpstream.requests.at(-1)?.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    const sent = lastAnthropicBody() as { system: unknown; messages: Array<{ content: unknown }> };
    expect(sent.system).toEqual(system);
    expect(sent.messages[1].content).toEqual(first.content);
    expect(JSON.stringify(sent.messages[1].content)).toContain(JSON.stringify(FAKE_THINKING.signature));
    expect(sent.messages[2].content).toEqual([{ type: 'text', text: 'and again', cache_control: { type: 'ephemeral' } }]);
  });

  it('passes a redacted thinking block through an Anthropic backend, streamed and whole, and back in the next turn', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const ask = { role: 'user' as const, content: `Think about ${REDACTED_THINKING_TRIGGER}` };
    const redacted = { type: 'redacted_thinking', data: FAKE_REDACTED_THINKING };
    const stream = client.messages.stream({ model: 'anthropic:claude-test', max_tokens: 2000, thinking, messages: [ask] });
    const starts: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start') starts.push(event.content_block.type);
    });
    const streamed = await stream.finalMessage();
    expect(starts).toEqual(['redacted_thinking', 'thinking', 'text']);
    expect(streamed.content[0]).toEqual(redacted);
    const whole = await client.messages.create({ model: 'anthropic:claude-test', max_tokens: 2000, thinking, messages: [ask] });
    expect(whole.content.map((block) => block.type)).toEqual(['redacted_thinking', 'thinking', 'text']);
    expect(whole.content[0]).toEqual(redacted);
    await client.messages.create({ model: 'anthropic:claude-test', max_tokens: 2000, thinking, messages: [ask, { role: 'assistant', content: whole.content }, { role: 'user', content: 'go on' }] });
    const sent = lastAnthropicBody() as { messages: Array<{ content: unknown }> };
    expect(sent.messages[1].content).toEqual(whole.content);
  });

  it('a chat backend answers a request that asks for thinking, without thinking blocks', async () => {
    const message = await client.messages.create({ model: 'openai:gpt-4o-mini', max_tokens: 50, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hello there' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: hello there' }]);
  });

  it('answers a message on the local model with model auto, saying what ran', async () => {
    const message = await client.messages.create({ model: 'auto', max_tokens: 24, messages: [{ role: 'user', content: 'Once upon a time' }] });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.model).toMatch(AUTO_SELECTED);
    expect(message.content).toEqual([{ type: 'text', text: expect.any(String) }]);
    expect(['end_turn', 'max_tokens']).toContain(message.stop_reason);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const message = await client.messages.create({ model: 'local:stories260k', max_tokens: 5, messages: [{ role: 'user', content: 'Once upon a time' }] });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(5);
  });

  it('streams Anthropic’s event sequence, and the stream helper assembles the same message', async () => {
    const stream = client.messages.stream({ model: 'local:stories260k', max_tokens: 16, system: 'Tell a story.', messages: [{ role: 'user', content: 'Once upon a time' }] });
    const types: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => types.push(event.type));
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const blocks = types.slice(1, -2);
    expect(blocks[0]).toBe('content_block_start');
    expect(blocks.at(-1)).toBe('content_block_stop');
    expect(new Set(blocks.slice(1, -1))).toEqual(new Set(['content_block_delta']));
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: 'text', text });
    expect(message.model).toBe('local:stories260k');
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(16);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it('makes a tool round trip on the local model, streamed and not: a forced tool_use, then the tool_result', async () => {
    const ask: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
    // A bounded city name: a tiny model fills an unbounded string until its token limit.
    const weather: Anthropic.Tool = { ...WEATHER, input_schema: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] } };
    const first = await client.messages.create({ model: 'local:stories260k', max_tokens: 200, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' }, messages: [ask] });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use') throw new Error(`no tool_use in ${JSON.stringify(first.content)}`);
    expect(use).toMatchObject({ name: 'get_weather', id: expect.stringMatching(/^call_/), input: { city: expect.any(String) } });
    const streamed = await client.messages.stream({ model: 'local:stories260k', max_tokens: 200, tools: [weather], tool_choice: { type: 'any' }, messages: [ask] }).finalMessage();
    expect(streamed.content.filter((block) => block.type === 'tool_use')).toEqual([expect.objectContaining({ name: 'get_weather', input: { city: expect.any(String) } })]);
    const answer = await client.messages.create({
      model: 'local:llama-2-tiny-random',
      max_tokens: 8,
      tools: [weather],
      tool_choice: { type: 'none' },
      messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] }],
    });
    expect(answer.content.every((block) => block.type === 'text')).toBe(true);
    expect(answer.usage.input_tokens).toBeGreaterThan(0);
  });

  it('makes a tool round trip on an OpenAI-compatible backend: tool_use, then tool_result', async () => {
    const first = await client.messages.create({
      model: 'openai:tool-model',
      max_tokens: 100,
      tools: [WEATHER],
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    if (call?.type !== 'tool_use') throw new Error(`no tool_use block in ${JSON.stringify(first.content)}`);
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    const second = await client.messages.create({
      model: 'openai:tool-model',
      max_tokens: 100,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 °C' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'The weather is sunny.' }]);
  });

  it('makes the same tool round trip through an Anthropic backend, streamed, the tool_result passed as written', async () => {
    const first = await client.messages
      .stream({ model: 'anthropic:tool-model', max_tokens: 100, tools: [WEATHER], messages: [{ role: 'user', content: 'What is the weather in Paris?' }] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    if (call?.type !== 'tool_use') throw new Error(`no tool_use block in ${JSON.stringify(first.content)}`);
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    const result = { type: 'tool_result' as const, tool_use_id: call.id, content: 'sunny, 21 °C', is_error: false };
    const second = await client.messages.create({
      model: 'anthropic:tool-model',
      max_tokens: 100,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [result] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'The weather is sunny.' }]);
    expect((lastAnthropicBody() as { messages: Array<{ content: unknown }> }).messages[2].content).toEqual([result]);
  });

  it('streams a tool call as a tool_use block with input_json_delta events', async () => {
    const stream = client.messages.stream({ model: 'openai:tool-model', max_tokens: 100, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const message = await stream.finalMessage();
    expect(deltas).toContain('input_json_delta');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } })]);
  });

  it('stops generation on the worker when the client leaves a stream', async () => {
    const status = async (): Promise<{ cancelled: number; inFlight: number; lastCancelled?: { generatedTokens: number } | null }> =>
      (await fetch(`${stack.workerLocal.url}/status`)).json() as Promise<{ cancelled: number; inFlight: number; lastCancelled?: { generatedTokens: number } | null }>;
    const before = await status();
    const controller = new AbortController();
    const stream = await client.messages.create(
      { model: 'local:llama-2-tiny-random', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Write forever.' }] },
      { signal: controller.signal },
    );
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'content_block_delta') deltas++;
      if (deltas === 3) {
        controller.abort();
        break;
      }
    }
    expect(deltas).toBe(3);
    await waitFor(async () => {
      const after = await status();
      return after.cancelled === before.cancelled + 1 && after.inFlight === 0;
    }, 3_000, 'the worker to cancel the generation');
    expect((await status()).lastCancelled?.generatedTokens).toBeLessThan(200);
  });

  it('counts the tokens of a prompt', async () => {
    const counted = await client.messages.countTokens({ model: 'auto', system: 'Be brief.', messages: [{ role: 'user', content: 'Once upon a time' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it.each<[string, Record<string, unknown>, number, string, RegExp]>([
    ['max_tokens missing', { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }, 400, 'invalid_request_error', /max_tokens/],
    ['an unknown model', { model: 'local:nope', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }, 404, 'not_found_error', /nope/],
    [
      'a tool Anthropic hosts',
      { model: 'auto', max_tokens: 5, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'Hi' }] },
      400,
      'invalid_request_error',
      /web_search_20250305/,
    ],
    ['a wrong block type', { model: 'auto', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'video' }] }] }, 400, 'invalid_request_error', /content/],
  ])('refuses %s with Anthropic’s error shape', async (_name, body, status, type, message) => {
    const res = await fetch(`${stack.baseURL}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'not-needed', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(status);
    const error = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(error).toEqual({ type: 'error', error: { type, message: expect.stringMatching(message) } });
  });

  it('raises the SDK’s own error classes', async () => {
    await expect(client.messages.create({ model: 'local:nope', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
