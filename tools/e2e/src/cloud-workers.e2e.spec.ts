import OpenAI from 'openai';
import { WebSocket } from 'ws';
import { openAISchemaValidator, startFakeAnthropic, startFakeOpenAI, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { SUBJECTS, UpstreamRateLimitEventSchema, type UpstreamRateLimitEvent } from '@switchyard/contracts';
import { decodeJson, NatsTransport } from '@switchyard/nats';
import { startStack, type Stack } from './stack';

const OPENAI_KEY = 'sk-test-openai-secret-0123456789';
const ANTHROPIC_KEY = 'sk-ant-test-secret-9876543210';
const MODELS = ['gpt-4o-mini', 'tool-model', 'rate-limited', 'dies-mid-stream', 'thousand', 'bad-request'];
const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
];

/** The same tool with a bounded city name: a tiny local model fills an unbounded string until its token limit. */
const BOUNDED_TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] } } },
];

describe('cloud workers behind the gateway, against fake OpenAI and Anthropic servers', () => {
  let openaiUpstream: FakeUpstream;
  let anthropicUpstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    openaiUpstream = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropicUpstream = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      extraEnv: { E2E_OPENAI_KEY: OPENAI_KEY, E2E_ANTHROPIC_KEY: ANTHROPIC_KEY },
      cloudProviders: [
        { name: 'openai', kind: 'openai', baseUrl: openaiUpstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: MODELS, maxRetryWaitMs: 100 },
        { name: 'anthropic', kind: 'anthropic', baseUrl: anthropicUpstream.url, apiKeyEnv: 'E2E_ANTHROPIC_KEY', models: ['claude-test', 'tool-model', 'error-mid-stream'] },
      ],
      expectModels: ['openai:gpt-4o-mini', 'anthropic:claude-test'],
      // Priced for the auto test below: among the tool-capable backends, the cheapest policy must pick this one.
      // The alias: a first backend that dies mid-stream, then one that can go on from its text (the resume tests).
      serviceEnv: {
        router: {
          SWITCHYARD_ROUTER__PRICES: JSON.stringify({ 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 } }),
          SWITCHYARD_ROUTER__ALIASES: JSON.stringify({ resilient: ['openai:dies-mid-stream', 'anthropic:claude-test'] }),
        },
      },
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'client-key', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await openaiUpstream?.close();
    await anthropicUpstream?.close();
  });

  it('lists every provider’s models as <provider>:<model>', async () => {
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', 'local:stories260k', 'openai:gpt-4o-mini', 'openai:tool-model', 'anthropic:claude-test']));
  });

  it.each(['openai:gpt-4o-mini', 'anthropic:claude-test'])('answers a chat completion pinned to %s', async (model) => {
    const completion = await client.chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there' }] });
    expect(spec.validate('CreateChatCompletionResponse', completion).errors).toEqual([]);
    expect(completion.model).toBe(model);
    expect(completion.choices[0].message.content).toBe('Echo: hello there');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it.each(['openai:gpt-4o-mini', 'anthropic:claude-test'])('streams %s with usage at the end', async (model) => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) expect(spec.validate('CreateChatCompletionStreamResponse', chunk).errors).toEqual([]);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: stream please');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
  });

  it('passes the client’s parameters to the OpenAI upstream unchanged, with usage forced on for accounting', async () => {
    await client.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      messages: [{ role: 'user', content: 'params' }],
      temperature: 0.3,
      seed: 7,
      stop: ['zzz'],
      user: 'u-1',
      response_format: { type: 'json_object' },
      stream: true,
    });
    const sent = openaiUpstream.requests.filter((r) => r.method === 'POST').at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3, seed: 7, stop: ['zzz'], user: 'u-1', response_format: { type: 'json_object' }, stream: true });
    expect(sent['stream_options']).toEqual({ include_usage: true });
  });

  it('refuses the local engines’ sampling parameters on OpenAI by name, and gives top_k to Anthropic', async () => {
    const body = { model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], top_k: 40 };
    const refused = await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { message: "Unsupported parameter 'top_k': the provider 'openai' does not take it.", type: 'invalid_request_error', param: 'top_k', code: 'unsupported_parameter' } });
    // Inferneo's default, -1, asks for nothing: OpenAI answers, and is not sent an argument it would refuse.
    const off = await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, top_k: -1 }) });
    expect(off.status).toBe(200);
    expect(openaiUpstream.requests.filter((r) => r.method === 'POST').at(-1)?.body).not.toHaveProperty('top_k');

    const anthropic = await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, model: 'anthropic:claude-test' }) });
    expect(anthropic.status).toBe(200);
    expect(anthropicUpstream.requests.filter((r) => r.method === 'POST').at(-1)?.body).toMatchObject({ top_k: 40 });
  });

  it('routes auto past every cloud backend that cannot take min_p to the local model, whatever maxAttempts', async () => {
    const completion = await fetch(`${stack.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchyard-policy': 'cloud-first' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Once upon a time' }], min_p: 0.05, max_tokens: 8 }),
    });
    expect(completion.status).toBe(200);
    expect(((await completion.json()) as { model: string }).model).toMatch(/^auto \(selected: local:/);
  });

  it.each(['openai:tool-model', 'anthropic:tool-model'])('returns tool calls from %s, whole and streamed', async (model) => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const completion = await client.chat.completions.create({ model, messages, tools: TOOLS });
    expect(spec.validate('CreateChatCompletionResponse', completion).errors).toEqual([]);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toEqual({ city: 'Paris' });

    const stream = await client.chat.completions.create({ model, messages, tools: TOOLS, stream: true });
    let args = '';
    let name = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const fragment of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += fragment.function?.name ?? '';
        args += fragment.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');

    const followUp = await client.chat.completions.create({
      model,
      tools: TOOLS,
      messages: [...messages, completion.choices[0].message, { role: 'tool', tool_call_id: call?.id ?? '', content: '{"sky":"clear"}' }],
    });
    expect(followUp.choices[0].message.content).toBe('The weather is sunny.');
  });

  // Under the cheapest policy a local model (free) wins now that local models call tools.
  it('routes auto with tools to a local model, which calls the tool when the call is required', async () => {
    const completion = await client.chat.completions.create(
      { model: 'auto', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: BOUNDED_TOOLS, tool_choice: 'required', max_tokens: 200, temperature: 0 },
      { headers: { 'x-switchyard-policy': 'cheapest' } },
    );
    expect(completion.model).toMatch(/^auto \(selected: local:(stories260k|llama-2-tiny-random)\)$/);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toEqual({ city: expect.any(String) });
  });

  it('surfaces an upstream 429 as a 429 rate_limit_exceeded after the worker’s retries', async () => {
    const before = openaiUpstream.hits('rate-limited');
    const error = await client.chat.completions.create({ model: 'openai:rate-limited', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('rate_limit_exceeded');
    expect(openaiUpstream.hits('rate-limited') - before).toBe(3);
    // The 429's headers say the provider's requests window resets in 1 s, and routers skip the provider until
    // then: wait it out, so that the next tests do not meet that skip when they run within the second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  });

  it('passes an upstream 400 on at once, with its message and param', async () => {
    const before = openaiUpstream.hits('bad-request');
    const error = (await client.chat.completions.create({ model: 'openai:bad-request', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages');
    expect(openaiUpstream.hits('bad-request') - before).toBe(1);
  });

  it.each(['openai:dies-mid-stream', 'anthropic:error-mid-stream'])('ends a stream that breaks upstream (%s) with an error event, never [DONE]', async (model) => {
    // Text comes 20 ms apart, so some has reached the client before the break: a break before any output
    // left the worker is a failure before the stream began (a real status, or another backend under auto).
    for (const upstream of [openaiUpstream, anthropicUpstream]) upstream.set({ chunkDelayMs: 20 });
    const res = await fetch(`${stack.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'go' }], stream: true }),
    }).finally(() => {
      for (const upstream of [openaiUpstream, anthropicUpstream]) upstream.set({ chunkDelayMs: 0 });
    });
    expect(res.status).toBe(200);
    const events = (await res.text()).split('\n\n').filter((e) => e !== '');
    expect(events).not.toContain('data: [DONE]');
    const last = JSON.parse((events.at(-1) ?? '').replace(/^data: /, '')) as { error?: { type: string; code: string } };
    expect(last.error).toBeDefined();
    expect(spec.validate('ErrorResponse', last).errors).toEqual([]);
    const contentEvents = events.filter((e) => e.includes('"content":"'));
    expect(contentEvents.length).toBeGreaterThan(0);
  });

  it('makes the openai client throw when the stream breaks', async () => {
    const stream = await client.chat.completions.create({ model: 'openai:dies-mid-stream', messages: [{ role: 'user', content: 'go' }], stream: true });
    await expect((async () => {
      for await (const chunk of stream) void chunk;
    })()).rejects.toThrow();
  });

  describe('a stream whose backend dies mid-stream', () => {
    const PROMPT = 'tell me the whole story';
    const ask = (headers: Record<string, string> = {}): Promise<Response> =>
      fetch(`${stack.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'resilient', messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } }),
      });

    // Each test breaks one openai stream: a good answer between them keeps the worker's circuit (3 failures in a row) closed.
    beforeEach(async () => {
      await client.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'ok' }] });
    });

    it('goes on on another backend from the text so far: one coherent answer, [DONE], the backends named in a comment', async () => {
      const marks = stack.all.map((service) => service.output.length);
      const res = await ask();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-route')).toContain('selected=openai:dies-mid-stream');
      const body = await res.text();
      const events = body.split('\n\n').filter((e) => e !== '');
      // This failed now and then in CI (the continuation did not start); what the services logged meanwhile says why.
      const logged = stack.all.map((service, i) => `--- ${service.name}\n${service.output.slice(marks[i]).join('')}`).join('\n');
      expect({ last: events.at(-1), logged: events.at(-1) === 'data: [DONE]' ? '' : logged }).toEqual({ last: 'data: [DONE]', logged: '' });
      expect(events.at(-2)).toBe(': switchyard-resumed: openai:dies-mid-stream (upstream_error) -> anthropic:claude-test');
      const chunks = events.filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice(6)) as OpenAI.Chat.Completions.ChatCompletionChunk);
      for (const chunk of chunks) expect(spec.validate('CreateChatCompletionStreamResponse', chunk).errors).toEqual([]);
      // The fake OpenAI sent the first pieces of "Echo: <prompt>"; the fake Anthropic went on from exactly there.
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(`Echo: ${PROMPT}`);
      expect(chunks.filter((c) => c.choices[0]?.delta.role !== undefined)).toHaveLength(1);
      expect(new Set(chunks.map((c) => c.model))).toEqual(new Set([chunks[0].model]));
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
      expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
      // The usage event's route carries the resume, which the metrics service counts.
      await waitFor(
        async () => (await (await fetch(`${stack.metrics.url}/metrics`)).text()).includes('switchyard_resumes_total{from="openai:dies-mid-stream",to="anthropic:claude-test",reason="upstream_error"}'),
        10_000,
        'the metrics service to count the resume',
      );
    });

    it('lets the openai client read it as one clean stream', async () => {
      const stream = await client.chat.completions.create({ model: 'resilient', messages: [{ role: 'user', content: PROMPT }], stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(`Echo: ${PROMPT}`);
    });

    it('goes on over a WebSocket too', async () => {
      const ws = new WebSocket(`${stack.gateway.url.replace('http', 'ws')}/v1/chat/completions`);
      const messages: Array<{ type: string; id: string | null; data?: OpenAI.Chat.Completions.ChatCompletionChunk }> = [];
      ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]));
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      // Streamed upstream too (a request sent whole that dies is failed over before any output, not resumed).
      ws.send(JSON.stringify({ id: 'r', body: { model: 'resilient', messages: [{ role: 'user', content: PROMPT }], stream: true } }));
      const deadline = Date.now() + 10_000;
      while (!messages.some((m) => m.type === 'done' || m.type === 'error') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      ws.close();
      expect(messages.at(-1)).toEqual({ type: 'done', id: 'r' });
      const chunks = messages.filter((m) => m.type === 'chunk').map((m) => m.data);
      expect(chunks.map((c) => c?.choices[0]?.delta.content ?? '').join('')).toBe(`Echo: ${PROMPT}`);
      expect(new Set(chunks.map((c) => c?.model))).toEqual(new Set(['resilient (selected: openai:dies-mid-stream)']));
    });

    it('ends with the error event as before when the client says x-switchyard-resume: off, and refuses a bad value', async () => {
      const body = await (await ask({ 'x-switchyard-resume': 'off' })).text();
      expect(body).not.toContain('data: [DONE]');
      expect(body).toContain('"error"');
      const bad = await ask({ 'x-switchyard-resume': 'maybe' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { param: 'x-switchyard-resume' } });
    });
  });

  it('relays a 1,000-chunk stream complete and in order', async () => {
    const stream = await client.chat.completions.create({ model: 'openai:thousand', messages: [{ role: 'user', content: 'count' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(Array.from({ length: 1000 }, (_, i) => `w${i} `).join(''));
  });

  it('reports the providers’ rate-limit headroom and reachability in the heartbeat registry', async () => {
    const registry = (await (await fetch(`${stack.router.url}/workers`)).json()) as {
      workers: Array<{ heartbeat: { provider: string; upstream?: { reachable: boolean; rateLimits?: { requests?: { limit?: number } } } } }>;
    };
    const openai = registry.workers.find((w) => w.heartbeat.provider === 'openai');
    expect(openai?.heartbeat.upstream?.reachable).toBe(true);
    expect(openai?.heartbeat.upstream?.rateLimits?.requests?.limit).toBeGreaterThan(0);
    const anthropic = registry.workers.find((w) => w.heartbeat.provider === 'anthropic');
    expect(anthropic?.heartbeat.upstream?.rateLimits).toBeDefined();
  });

  it('publishes the provider’s rate-limit readings as events for the metrics service', async () => {
    const bus = await NatsTransport.connect({ url: stack.nats.url, name: 'e2e-metrics-listener' });
    const events: UpstreamRateLimitEvent[] = [];
    const sub = bus.subscribe(SUBJECTS.upstreamRateLimitEvent, (msg) => events.push(decodeJson(msg.data, UpstreamRateLimitEventSchema)));
    await bus.flush();
    try {
      for (let i = 0; i < 15 && !events.some((e) => e.provider === 'openai'); i++) {
        await client.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'limits' }] });
        await new Promise((r) => setTimeout(r, 200));
      }
      const event = events.find((e) => e.provider === 'openai');
      expect(event?.rateLimits.requests?.limit).toBeGreaterThan(0);
      expect(event?.rateLimits.requests?.remaining).toBeGreaterThanOrEqual(0);
      expect(event?.workerId).toMatch(/^cloud-openai-/);
    } finally {
      sub.close();
      await bus.close(0);
    }
  });

  it('never writes a provider key into any log line', () => {
    const logs = stack.all.map((s) => s.output.join('')).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(OPENAI_KEY);
    expect(logs).not.toContain(ANTHROPIC_KEY);
  });

  // With the default probe period (30 s): a provider that stops answering is re-probed after 250 ms, then up to every
  // second, so it serves again within about a second of its return.
  it('serves from a provider again within 2 s of its return after an outage, with the default probe period', async () => {
    const port = Number(new URL(anthropicUpstream.url).port);
    const ask = async (): Promise<number> =>
      (await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anthropic:claude-test', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }) })).status;
    await anthropicUpstream.close();
    try {
      expect(await ask()).not.toBe(200);
      // Down for a while: the re-probes back off to their longest wait.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    } finally {
      anthropicUpstream = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY, port });
    }
    const back = Date.now();
    let served: number | undefined;
    while (served === undefined && Date.now() - back < 5_000) {
      if ((await ask()) === 200) served = Date.now() - back;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(served).toBeLessThan(2_000);
  });
});
