import OpenAI from 'openai';
import { connect } from 'nats';
import { estimateRequestTokens } from '@switchyard/keys';
import { testModelsDir, waitFor } from '@switchyard/testing';
import { createKeyWithCli, runKeysCli } from './keys-cli';
import { inOneMinuteWindow } from './minute-window';
import { startStack, type RunningService, type Stack } from './stack';

const STORY = 'local:stories260k';
const RESET = /^(\d+ms|\d+(\.\d+)?s|\d+m\d+(\.\d+)?s)$/;

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

describe('API keys and rate limits across two gateway replicas', () => {
  let stack: Stack;
  let gateways: RunningService[];
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const keysBucket = `e2e_keys_${stamp}`;
  const limitsBucket = `e2e_limits_${stamp}`;
  const env = { SWITCHYARD_GATEWAY__KEYS_BUCKET: keysBucket, SWITCHYARD_GATEWAY__RATE_LIMIT_BUCKET: limitsBucket };
  let cliEnv: Record<string, string>;
  const created: string[] = [];

  async function newKey(args: string[]): Promise<string> {
    const key = await createKeyWithCli(args, cliEnv);
    created.push(key);
    // Every replica knows it (GET /v1/models is not rate limited).
    await waitFor(
      async () => (await Promise.all(gateways.map((g) => fetch(`${g.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })))).every((r) => r.ok),
      2_000,
      'both gateways to accept the new key',
    );
    return key;
  }

  async function chat(gateway: RunningService, key: string | undefined, body: Record<string, unknown>): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers['authorization'] = `Bearer ${key}`;
    const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  beforeAll(async () => {
    stack = await startStack({ modelsDir: testModelsDir(), serviceEnv: { gateway: env } });
    gateways = [stack.gateway, await stack.start('gateway')];
    cliEnv = { NATS_URL: stack.nats.url, ...env };
  }, 120_000);

  afterAll(async () => {
    const nats = stack?.nats;
    await stack?.stop();
    if (!nats) return;
    const nc = await connect({ servers: nats.url }).catch(() => undefined);
    if (!nc) return;
    const jsm = await nc.jetstreamManager();
    for (const bucket of [keysBucket, limitsBucket]) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
    await nc.close();
  });

  it('runs open while no key exists, says so, and sends no rate-limit headers', async () => {
    for (const gateway of gateways) expect(gateway.output.join('')).toContain('NO API KEYS: the gateway is OPEN');
    const answer = await chat(gateways[1], undefined, { model: STORY, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    expect(answer.status).toBe(200);
    expect([...answer.headers.keys()].filter((h) => h.includes('ratelimit'))).toEqual([]);
  });

  it('create → use → revoke → 401 on both replicas, through the official openai client', async () => {
    const key = await newKey(['--name', 'e2e-user']);
    for (const gateway of gateways) {
      const refused = await chat(gateway, undefined, { model: STORY, messages: [{ role: 'user', content: 'Hi' }] });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toEqual({ error: { message: expect.stringContaining("You didn't provide an API key"), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
    }
    const clients = gateways.map((g) => new OpenAI({ baseURL: `${g.url}/v1`, apiKey: key, maxRetries: 0 }));
    for (const client of clients) {
      const completion = await client.chat.completions.create({ model: STORY, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 4 });
      expect(completion.choices[0].message.content).toEqual(expect.any(String));
    }
    const wrong = new OpenAI({ baseURL: `${gateways[0].url}/v1`, apiKey: `sk-sy-${'Z'.repeat(48)}`, maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    const revoked = await runKeysCli(['revoke', 'e2e-user'], cliEnv);
    expect(revoked.code).toBe(0);
    const started = Date.now();
    await waitFor(
      async () => (await Promise.all(gateways.map((g) => chat(g, key, { model: STORY, messages: [{ role: 'user', content: 'Hi' }] })))).every((a) => a.status === 401),
      1_500,
      'both replicas to refuse the revoked key',
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    for (const client of clients) {
      const error = await client.chat.completions.create({ model: STORY, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
      expect((error as Error).message).not.toContain(key);
    }
  });

  it('holds 10 requests per minute across both replicas: of 30 requests exactly 10 succeed, 20 get 429', async () => {
    const key = await newKey(['--name', 'rpm-10', '--rpm', '10']);
    await inOneMinuteWindow(25);
    const answers: Answer[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const requests = Array.from({ length: 6 }, (_, i) =>
        chat(gateways[i % 2], key, { model: STORY, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1, stream: i % 4 === 0 }),
      );
      answers.push(...(await Promise.all(requests)));
    }
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(ok).toHaveLength(10);
    expect(limited).toHaveLength(20);

    // Each admitted request saw a different remaining count: the replicas never double-counted.
    expect(ok.map((a) => Number(a.headers.get('x-ratelimit-remaining-requests'))).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const answer of ok) {
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('10');
      expect(answer.headers.get('x-ratelimit-limit')).toBe('10');
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(answer.headers.get('x-ratelimit-remaining-requests'));
      expect(answer.headers.get('x-ratelimit-limit-tokens')).toBe('150000');
      expect(answer.headers.get('x-ratelimit-reset-requests')).toMatch(RESET);
    }
    expect(ok.some((a) => a.headers.get('content-type')?.startsWith('text/event-stream'))).toBe(true);
    for (const answer of limited) {
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The Unix time the window resets: retry-after seconds after the answer (give or take the rounding and this loop's time).
      const resetIn = Number(answer.headers.get('x-ratelimit-reset')) - Date.now() / 1_000;
      expect(resetIn).toBeGreaterThan(retryAfter - 5);
      expect(resetIn).toBeLessThanOrEqual(retryAfter + 1);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('10');
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(answer.headers.get('x-ratelimit-reset-requests')).toMatch(RESET);
      expect(answer.headers.get('x-ratelimit-remaining-tokens')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-ratelimit-reset-tokens')).toMatch(RESET);
      expect(JSON.parse(answer.body)).toEqual({
        error: {
          message: expect.stringMatching(/^Rate limit reached for key 'rpm-10' on requests per min \(RPM\): Limit 10, Used 10, Requested 1\. Please try again in /),
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      });
    }
  });

  it('holds a token limit across both replicas, reconciling each estimate with the real usage', async () => {
    const limit = 300;
    const key = await newKey(['--name', 'tpm-300', '--tpm', String(limit), '--rpm', '1000']);
    await inOneMinuteWindow(30);
    const body = { model: STORY, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 20 };
    const estimate = estimateRequestTokens(body, 256);
    let used = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const answer = await chat(gateways[i % 2], key, body);
      statuses.push(answer.status);
      const fits = used + estimate <= limit;
      expect({ request: i, status: answer.status }).toEqual({ request: i, status: fits ? 200 : 429 });
      if (fits) {
        // While it ran, the estimate was reserved on top of the real usage of the earlier answers.
        expect(answer.headers.get('x-ratelimit-remaining-tokens')).toBe(String(limit - used - estimate));
        used += (JSON.parse(answer.body) as { usage: { total_tokens: number } }).usage.total_tokens;
      } else {
        expect(answer.headers.get('x-ratelimit-remaining-tokens')).toBe(String(Math.max(0, limit - used)));
        expect(JSON.parse(answer.body).error).toMatchObject({
          type: 'tokens',
          code: 'rate_limit_exceeded',
          message: expect.stringContaining(`tokens per min (TPM): Limit ${limit}, Used ${used}, Requested ${estimate}.`),
        });
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    const succeeded = statuses.filter((s) => s === 200).length;
    expect(succeeded).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - succeeded);
  });

  it('refuses a key restricted to one model any other model, with 404 model_not_found', async () => {
    const key = await newKey(['--name', 'story-only', '--models', STORY]);
    const client = new OpenAI({ baseURL: `${gateways[1].url}/v1`, apiKey: key, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    const completion = await client.chat.completions.create({ model: STORY, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    expect(completion.model).toBe(STORY);
    expect((await client.models.list()).data.map((m) => m.id)).toEqual([STORY]);
  });

  it('keeps a stored Response to the key that made it, on every replica; for another key it does not exist', async () => {
    const owner = await newKey(['--name', 'responses-owner']);
    const other = await newKey(['--name', 'responses-other']);
    const mine = gateways.map((g) => new OpenAI({ baseURL: `${g.url}/v1`, apiKey: owner, maxRetries: 0 }));
    const theirs = new OpenAI({ baseURL: `${gateways[1].url}/v1`, apiKey: other, maxRetries: 0 });
    const created = await mine[0].responses.create({ model: STORY, input: 'Once upon a time', max_output_tokens: 4 });
    expect(await mine[1].responses.retrieve(created.id)).toEqual(created);
    const notFound = { status: 404, error: { message: expect.stringContaining(created.id) } };
    await expect(theirs.responses.retrieve(created.id)).rejects.toMatchObject(notFound);
    await expect(theirs.responses.inputItems.list(created.id)).rejects.toMatchObject(notFound);
    await expect(theirs.responses.delete(created.id)).rejects.toMatchObject(notFound);
    await expect(theirs.responses.create({ model: STORY, input: 'and then', previous_response_id: created.id })).rejects.toMatchObject({ status: 404, error: { code: 'previous_response_not_found' } });
    const continued = await mine[1].responses.create({ model: STORY, input: 'and then', previous_response_id: created.id, max_output_tokens: 4 });
    expect((await mine[0].responses.inputItems.list(continued.id)).data).toHaveLength(3);
  });

  it('never writes a key into a log', () => {
    const logs = gateways.map((g) => g.output.join('')).join('');
    expect(created.length).toBeGreaterThanOrEqual(4);
    for (const key of created) expect(logs).not.toContain(key);
  });
});
