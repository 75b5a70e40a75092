import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAISchemaValidator, startFakeOpenAI, testModelPath, waitFor, type FakeUpstream } from '@switchyard/testing';
import { createKeyWithCli, runKeysCli } from '../keys-cli';
import { inOneMinuteWindow } from '../minute-window';
import { startStack, type RunningService, type Stack } from '../stack';
import { loadDocumentExamples, type DocumentExample } from './examples';
import { runExample } from './run-example';
import { expectDocumentedShape, type ModelMatch } from './shapes';

/** The local model every documented model name is served by. */
const LOCAL = 'local:stories260k';
/** Model names the documents use that the stack serves under those names, as router aliases of the local model. */
const ALIASES = ['meta-llama/Llama-2-7b-chat-hf', 'text-embedding-ada-002', 'llama-3.2-3b-instruct'];
/** The fake OpenAI's key (worker-cloud's secret, never a client's). */
const OPENAI_KEY = 'sk-test-conformance-upstream-0123456789';

const documents = loadDocumentExamples();
const inferneo = documents.find((d) => d.rateLimits !== undefined);

/** The `model` a response to `example` must carry. */
function modelOf(example: DocumentExample): ModelMatch {
  const request = example.request;
  if (request.kind === 'http' && request.method === 'GET') {
    const id = new URL(request.url).pathname.match(/\/models\/(.+)$/)?.[1];
    return id ?? '';
  }
  const body = request.kind === 'http' ? request.body : request.kind === 'openai' ? request.params : request.message;
  const model = String((body as Record<string, unknown> | undefined)?.['model'] ?? '');
  if (model === 'auto') return /^auto \(selected: [a-z0-9-]+:.+\)$/;
  return ALIASES.includes(model) ? `${model} (selected: ${LOCAL})` : model;
}

describe('every example of the documents Switchyard implements, verbatim', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  /** A gateway with keys of its own (none): open, as the documents' servers are. */
  let open: RunningService;
  /** A gateway whose keys bucket holds a key with the default limits, for Inferneo's rate limits. */
  let keyed: RunningService;
  let key: string;
  const spec = openAISchemaValidator();
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const keyedEnv = { SWITCHYARD_GATEWAY__KEYS_BUCKET: `e2e_conf_keys_${stamp}`, SWITCHYARD_GATEWAY__RATE_LIMIT_BUCKET: `e2e_conf_limits_${stamp}` };

  // Only the story model: it is the fast one, and auto's examples (no max_tokens) generate until it stops.
  const modelsDir = mkdtempSync(join(tmpdir(), 'switchyard-conformance-'));

  beforeAll(async () => {
    symlinkSync(testModelPath('stories260K.gguf'), join(modelsDir, 'stories260K.gguf'));
    upstream = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    stack = await startStack({
      modelsDir,
      extraEnv: { E2E_OPENAI_KEY: OPENAI_KEY },
      cloudProviders: [
        // Ollama speaks the OpenAI API: `ollama:llama2`, which Oblix pins, is served as it would be.
        { name: 'ollama', kind: 'openai-compatible', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['llama2'] },
        // For the error codes Inferneo documents: a spent quota and a failing provider.
        { name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_OPENAI_KEY', models: ['no-quota', 'server-error'], maxRetries: 1, maxRetryWaitMs: 50 },
      ],
      expectModels: [LOCAL, 'ollama:llama2', 'openai:no-quota', ...ALIASES],
      serviceEnv: {
        router: { SWITCHYARD_ROUTER__ALIASES: JSON.stringify(Object.fromEntries(ALIASES.map((alias) => [alias, [LOCAL]]))) },
        gateway: { SWITCHYARD_GATEWAY__KEYS_BUCKET: `e2e_conf_open_${stamp}`, SWITCHYARD_GATEWAY__RATE_LIMIT_BUCKET: `e2e_conf_open_limits_${stamp}` },
      },
    });
    open = stack.gateway;
    keyed = await stack.start('gateway', keyedEnv);
    key = await createKeyWithCli(['--name', 'inferneo-defaults'], { NATS_URL: stack.nats.url, ...keyedEnv });
    await waitFor(async () => (await fetch(`${keyed.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).ok, 5_000, 'the keyed gateway to know the key');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('has every document’s examples', () => {
    expect(documents.map((d) => d.document)).toEqual([
      'Inferneo: REST API',
      'Oblix: Chat Completions',
      'Oblix: REST API (overview)',
      'Oblix: REST Endpoints API Reference (OpenAI-compatible endpoints)',
      'Osaurus: OpenAI API Compatible Endpoints (no /v1 prefix)',
    ]);
  });

  describe.each(documents.map((d) => [d.document, d] as const))('%s', (_title, document) => {
    it.each(document.examples.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
      const outcome = await runExample(example.request, open.url);
      expectDocumentedShape(example, outcome, modelOf(example), spec);
      // What the document's own code reads from the answer is there to read.
      if (example.request.kind === 'websocket') expect(outcome.printed.length).toBeGreaterThan(0);
    });
  });

  it('lists the models the documents name, under those names', async () => {
    const outcome = await runExample({ kind: 'http', method: 'GET', url: 'http://localhost:8080/models' }, open.url);
    const ids = ((outcome.body as { data: Array<{ id: string }> }).data ?? []).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', 'ollama:llama2', ...ALIASES]));
  });

  describe('Inferneo’s error codes', () => {
    it.each((inferneo?.errorCodes?.examples ?? []).map((e) => [e.name, e] as const))('%s', async (_name, example) => {
      const outcome = await runExample(example.request, open.url);
      expectDocumentedShape(example, outcome, modelOf(example), spec);
    });

    it('has one example per documented code but rate_limit_exceeded, which the rate limits below provoke', () => {
      const codes = (inferneo?.errorCodes?.examples ?? []).map((e) => e.error?.code ?? e.error?.type);
      expect(codes).toEqual(['invalid_request_error', 'model_not_found', 'insufficient_quota', 'upstream_error']);
    });
  });

  it('sends Inferneo’s rate-limit headers with a key of the default limits, then 429 rate_limit_exceeded past 60 requests a minute', async () => {
    const limits = inferneo?.rateLimits;
    if (!limits || limits.example.request.kind !== 'http') throw new Error('the Inferneo examples lack their rate limits');
    const listed = await runKeysCli(['list', '--json'], { NATS_URL: stack.nats.url, ...keyedEnv });
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'inferneo-defaults', limits: { rpm: limits.requestsPerMinute, tpm: limits.tokensPerMinute, rpd: limits.requestsPerDay } }),
    ]);

    await inOneMinuteWindow(40);
    // The document's request, its placeholder key replaced by the real one.
    const headers = { ...limits.example.request.headers, Authorization: `Bearer ${key}` };
    const first = await runExample({ ...limits.example.request, headers }, keyed.url);
    expectDocumentedShape(limits.example, first, modelOf(limits.example), spec);
    const now = Date.now() / 1_000;
    expect(first.headers?.get('X-RateLimit-Limit')).toBe(limits.headers['X-RateLimit-Limit']);
    expect(first.headers?.get('X-RateLimit-Remaining')).toBe(limits.headers['X-RateLimit-Remaining']);
    // A Unix time like the document's 1640995260: the end of this minute.
    const reset = Number(first.headers?.get('X-RateLimit-Reset'));
    expect(reset).toBe(Math.ceil(now / 60) * 60);
    expect(first.headers?.get('x-ratelimit-limit-tokens')).toBe(String(limits.tokensPerMinute));

    // The rest of the minute's requests: cheap embeddings, which count as requests too.
    const embed = { kind: 'http' as const, method: 'POST' as const, url: 'http://localhost:8000/v1/embeddings', headers, body: { model: 'text-embedding-ada-002', input: 'x' } };
    for (let remaining = limits.requestsPerMinute - 2; remaining >= 0; remaining--) {
      const answer = await runExample(embed, keyed.url);
      expect([answer.status, answer.headers?.get('X-RateLimit-Remaining')]).toEqual([200, String(remaining)]);
    }
    const refused = await runExample(limits.example.request.kind === 'http' ? { ...limits.example.request, headers } : embed, keyed.url);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { message: expect.stringContaining('requests per min (RPM): Limit 60'), type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    expect(Number(refused.headers?.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers?.get('X-RateLimit-Reset')).toBe(String(reset));
  }, 120_000);
});
