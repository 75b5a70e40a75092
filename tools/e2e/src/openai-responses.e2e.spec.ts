import OpenAI from 'openai';
import { FAKE_THINKING, openAISchemaValidator, responsesEventSchema, startFakeAnthropic, startFakeOpenAI, testModelsDir, type FakeUpstream } from '@switchyard/testing';
import { startStack, type Stack } from './stack';

const OPENAI_KEY = 'sk-test-openai-secret-0123456789';
const ANTHROPIC_KEY = 'sk-ant-test-secret-9876543210';
const AUTO_SELECTED = /^auto \(selected: local:(stories260k|llama-2-tiny-random)\)$/;
const WEATHER: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: null,
};

describe('the Responses API driven by the official openai client', () => {
  let upstream: FakeUpstream;
  let anthropicUpstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropicUpstream = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      extraEnv: { E2E_OPENAI_KEY: OPENAI_KEY, E2E_ANTHROPIC_KEY: ANTHROPIC_KEY },
      cloudProviders: [
        { name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['gpt-4o-mini', 'tool-model', 'error-mid-stream'] },
        { name: 'anthropic', kind: 'anthropic', baseUrl: anthropicUpstream.url, apiKeyEnv: 'E2E_ANTHROPIC_KEY', models: ['claude-test', 'tool-model'] },
      ],
      expectModels: ['openai:gpt-4o-mini', 'anthropic:tool-model'],
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'not-needed', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
    await anthropicUpstream?.close();
  });

  /** The last Messages request the fake Anthropic received. */
  function lastAnthropicBody(): { thinking?: unknown; messages: Array<{ role: string; content: unknown }> } {
    const request = anthropicUpstream.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').at(-1);
    if (!request) throw new Error('the fake Anthropic received no Messages request');
    return request.body as { messages: Array<{ role: string; content: unknown }> };
  }

  function expectValid(schema: string, value: unknown): void {
    expect(spec.validate(schema, value).errors).toEqual([]);
  }

  it('answers a string input on the local model with model auto, as a valid Response', async () => {
    const response = await client.responses.create({ model: 'auto', input: 'Once upon a time', instructions: 'Tell a story.', max_output_tokens: 24 });
    expectValid('Response', response);
    expect(response.id).toMatch(/^resp_[A-Za-z0-9]{24}$/);
    expect(response.model).toMatch(AUTO_SELECTED);
    expect(['completed', 'incomplete']).toContain(response.status);
    expect(response.instructions).toBe('Tell a story.');
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
  });

  it('is incomplete with reason max_output_tokens when the output hits its limit', async () => {
    const response = await client.responses.create({ model: 'local:stories260k', input: 'Once upon a time', max_output_tokens: 5 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.usage?.output_tokens).toBe(5);
  });

  it('streams the exact event sequence with sequence numbers, and the stream helper reaches response.completed', async () => {
    const stream = client.responses.stream({ model: 'openai:gpt-4o-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello there' }] }] });
    const events: Array<{ type: string; sequence_number: number }> = [];
    stream.on('event', (event) => events.push(event));
    const final = await stream.finalResponse();
    for (const event of events) expectValid(responsesEventSchema(event.type), event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_e, i) => i));
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(new Set(types.slice(4, -4))).toEqual(new Set(['response.output_text.delta']));
    expect(final.output_text).toBe('Echo: hello there');
    expectValid('Response', final);
  });

  it('ends a stream that fails after its output began with response.failed, then an error event, numbered on', async () => {
    // Text comes 20 ms apart, so some has reached the client before the break (a break before any output left the
    // worker is a failure before the stream began: a real status).
    upstream.set({ chunkDelayMs: 20 });
    const res = await fetch(`${stack.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai:error-mid-stream', input: 'hello there', stream: true }),
    }).finally(() => upstream.set({ chunkDelayMs: 0 }));
    expect(res.status).toBe(200);
    const events = (await res.text())
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => ({ name: block.slice(7, block.indexOf('\n')), data: JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { type: string; sequence_number: number; response?: Record<string, unknown> } }));
    expect(events.map((e) => e.name)).toEqual(events.map((e) => e.data.type));
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_e, i) => i));
    expect(events.slice(-2).map((e) => e.name)).toEqual(['response.failed', 'error']);
    expectValid('ResponseFailedEvent', events.at(-2)?.data);
    expect(events.at(-2)?.data.response).toMatchObject({ status: 'failed', error: { code: 'server_error' }, output: [{ type: 'message', status: 'incomplete' }] });
    expectValid('ResponseErrorEvent', events.at(-1)?.data);
    upstream.set({ chunkDelayMs: 20 });
    await expect(client.responses.stream({ model: 'openai:error-mid-stream', input: 'hello there' }).finalResponse())
      .rejects.toThrow()
      .finally(() => upstream.set({ chunkDelayMs: 0 }));
  });

  it('makes a function tool round trip: function_call, then function_call_output', async () => {
    const first = await client.responses.create({ model: 'openai:tool-model', tools: [WEATHER], input: 'What is the weather in Paris?' });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(`no function_call in ${JSON.stringify(first.output)}`);
    expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    expectValid('Response', first);
    const second = await client.responses.create({
      model: 'openai:tool-model',
      tools: [WEATHER],
      input: [{ role: 'user', content: 'What is the weather in Paris?' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 °C' }],
    });
    expect(second.output_text).toBe('The weather is sunny.');
  });

  it('makes a function call on the local model when tool_choice requires one, and continues on the stored conversation', async () => {
    // A bounded city name: a tiny model fills an unbounded string until its token limit.
    const weather = { ...WEATHER, parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] } };
    const first = await client.responses.create({ model: 'local:stories260k', tools: [weather], tool_choice: 'required', input: 'What is the weather in Paris?', max_output_tokens: 200, temperature: 0 });
    expectValid('Response', first);
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(`no function_call in ${JSON.stringify(first.output)}`);
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: expect.any(String) });
    const second = await client.responses.create({
      model: 'local:llama-2-tiny-random',
      tools: [weather],
      tool_choice: 'none',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      max_output_tokens: 8,
    });
    expect(second.output.every((item) => item.type === 'message')).toBe(true);
    // The call and its output were in the prompt, after the question.
    const question = await client.responses.create({ model: 'local:llama-2-tiny-random', input: 'What is the weather in Paris?', max_output_tokens: 1, store: false });
    expect(second.usage?.input_tokens).toBeGreaterThan((question.usage?.input_tokens ?? 0) + 5);
  });

  it('streams a function call as function_call_arguments deltas', async () => {
    const stream = client.responses.stream({ model: 'openai:tool-model', tools: [WEATHER], input: 'Weather in Paris?' });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(types).toEqual(expect.arrayContaining(['response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.completed']));
    expect(final.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' })]);
  });

  it('applies text.format json_schema on the local model (its grammar)', async () => {
    const response = await client.responses.create({
      model: 'local:stories260k',
      input: 'A name:',
      max_output_tokens: 40,
      text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object', properties: { name: { type: 'string', maxLength: 8 } }, required: ['name'] }, strict: true } },
    });
    if (response.status === 'completed') expect(JSON.parse(response.output_text)).toEqual({ name: expect.any(String) });
    else expect(response.output_text.startsWith('{')).toBe(true);
  });

  it('stores a response by default: retrieve gives it back, input_items lists its input, delete removes it', async () => {
    const created = await client.responses.create({ model: 'openai:gpt-4o-mini', input: 'keep this' });
    expect(created).toMatchObject({ store: true });
    expect(await client.responses.retrieve(created.id)).toEqual(created);
    const items = await client.responses.inputItems.list(created.id);
    expect(items.data).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'keep this' }] }]);
    const raw = await (await fetch(`${stack.baseURL}/responses/${created.id}/input_items`)).json();
    expectValid('ResponseItemList', raw);
    await client.responses.delete(created.id);
    await expect(client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404, error: { message: `Response with id '${created.id}' not found.` } });
    await expect(client.responses.delete(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps nothing with store: false', async () => {
    const created = await client.responses.create({ model: 'openai:gpt-4o-mini', input: 'forget this', store: false });
    expect(created).toMatchObject({ store: false });
    await expect(client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('stores a streamed response as its response.completed event showed it', async () => {
    const stream = client.responses.stream({ model: 'openai:gpt-4o-mini', input: 'stream and keep' });
    const final = await stream.finalResponse();
    const kept = await client.responses.retrieve(final.id);
    expect(kept).toMatchObject({ id: final.id, store: true, status: 'completed', output_text: final.output_text, usage: final.usage });
    expect(kept.output.map((item) => item.id)).toEqual(final.output.map((item) => item.id));
  });

  it.each<[string, string, string, number, RegExp, string | null]>([
    ['an id this gateway never makes', 'GET', '/responses/..%2Fkeys', 404, /not found/, null],
    ['an unknown response', 'DELETE', '/responses/resp_unknown1', 404, /resp_unknown1' not found/, null],
    ['a page size out of range', 'GET', '/responses/resp_unknown1/input_items?limit=0', 400, /limit/, 'limit'],
    ['an unknown order', 'GET', '/responses/resp_unknown1/input_items?order=newest', 400, /order/, 'order'],
    ['streaming a stored response again', 'GET', '/responses/resp_unknown1?stream=true', 400, /cannot be streamed again/, 'stream'],
  ])('answers %s with an OpenAI error', async (_name, method, path, status, message, param) => {
    const res = await fetch(`${stack.baseURL}${path}`, { method });
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as { error: { message: string; param: string | null } };
    expect(error.message).toMatch(message);
    expect(error.param).toBe(param);
  });

  it('continues a conversation with previous_response_id on another backend than the first turn’s', async () => {
    const first = await client.responses.create({ model: 'local:stories260k', instructions: 'Only for the first turn.', input: 'My name is Ada.', max_output_tokens: 8 });
    expect(first.model).toBe('local:stories260k');
    const before = upstream.requests.length;
    const second = await client.responses.create({ model: 'openai:gpt-4o-mini', previous_response_id: first.id, input: 'What is my name?' });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe('Echo: What is my name?');
    const sent = upstream.requests.slice(before).find((r) => r.path === '/v1/chat/completions')?.body as { messages: unknown[] };
    // The first turn's input and output went to the other backend; its instructions did not (as OpenAI does).
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'My name is Ada.' }] },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'What is my name?' },
    ]);
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data.map((item) => item.type === 'message' && item.role)).toEqual(['user', 'assistant', 'user']);
    const third = await client.responses.create({ model: 'openai:gpt-4o-mini', previous_response_id: second.id, input: 'And again?' });
    expect((await client.responses.inputItems.list(third.id)).data).toHaveLength(5);
    await client.responses.delete(first.id);
    await expect(client.responses.create({ model: 'auto', previous_response_id: third.id, input: 'Still there?' })).rejects.toMatchObject({
      status: 404,
      error: { code: 'previous_response_not_found', param: 'previous_response_id', message: expect.stringContaining(first.id) },
    });
  });

  it('maps reasoning to Anthropic’s thinking: a reasoning item first, and the tool turn continues with it (stored or sent back)', async () => {
    const first = await client.responses.create({ model: 'anthropic:tool-model', reasoning: { effort: 'low' }, tools: [WEATHER], input: 'What is the weather in Paris?' });
    expectValid('Response', first);
    expect(lastAnthropicBody().thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(first.output[0]).toMatchObject({ type: 'reasoning', content: [{ type: 'reasoning_text', text: FAKE_THINKING.pieces.join('') }], encrypted_content: `sy.thinking.v1:${FAKE_THINKING.signature}` });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function call');
    const result = { type: 'function_call_output' as const, call_id: call.call_id, output: 'sunny, 21 °C' };
    // The fake refuses, as Anthropic does, a tool turn with thinking on that does not begin with its signed thinking block.
    const continued = await client.responses.create({ model: 'anthropic:tool-model', reasoning: { effort: 'low' }, tools: [WEATHER], previous_response_id: first.id, input: [result] });
    expect(continued.output_text).toBe('The weather is sunny.');
    const sent = lastAnthropicBody().messages;
    expect(sent[1]).toMatchObject({ role: 'assistant', content: [{ type: 'thinking', thinking: FAKE_THINKING.pieces.join(''), signature: FAKE_THINKING.signature }, { type: 'text' }, { type: 'tool_use' }] });
    const resent = await client.responses.create({
      model: 'anthropic:tool-model',
      reasoning: { effort: 'low' },
      tools: [WEATHER],
      store: false,
      input: [{ role: 'user', content: 'What is the weather in Paris?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), result],
    });
    expect(resent.output_text).toBe('The weather is sunny.');
  });

  it('streams reasoning as reasoning_text events that the stream helper assembles', async () => {
    const stream = client.responses.stream({ model: 'anthropic:claude-test', reasoning: { effort: 'medium' }, input: 'hello there' });
    const events: Array<{ type: string }> = [];
    stream.on('event', (event) => events.push(event));
    const final = await stream.finalResponse();
    for (const event of events) expectValid(responsesEventSchema(event.type), event);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['response.reasoning_text.delta', 'response.reasoning_text.done']));
    expect(final.output[0]).toMatchObject({ type: 'reasoning', content: [{ type: 'reasoning_text', text: FAKE_THINKING.pieces.join('') }] });
    expect(final.output_text).toBe('Echo: hello there');
  });

  it.each<[string, Record<string, unknown>, number, RegExp, string | null]>([
    ['a hosted tool', { model: 'auto', input: 'Hi', tools: [{ type: 'web_search_preview' }] }, 400, /web_search_preview/, 'tools[0].type'],
    ['an unknown previous_response_id', { model: 'auto', input: 'Hi', previous_response_id: 'resp_nothere' }, 404, /resp_nothere' not found/, 'previous_response_id'],
    ['an item type not available here', { model: 'auto', input: [{ type: 'item_reference', id: 'msg_1' }] }, 400, /item_reference/, 'input[0].type'],
    ['a message without a role', { model: 'auto', input: [{ type: 'message', content: 'Hi' }] }, 400, /input\[0\]/, 'input[0].role'],
    ['an unknown model', { model: 'local:nope', input: 'Hi' }, 404, /nope/, 'model'],
  ])('refuses %s with an OpenAI error', async (_name, body, status, message, param) => {
    const res = await fetch(`${stack.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as { error: { message: string; param: string | null } };
    expect(error.message).toMatch(message);
    expect(error.param).toBe(param);
  });
});
