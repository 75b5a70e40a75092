import OpenAI from 'openai';
import { startFakeOpenAI, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { startStack, type RunningService, type ServiceName, type Stack } from './stack';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** Every JSON log line `service` printed that mentions `text`. */
function linesMentioning(service: RunningService, text: string): Array<Record<string, unknown>> {
  return service.output
    .join('')
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request tracing across every service (real processes, debug logs)', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;
  const previousLevel = process.env['E2E_LOG_LEVEL'];

  beforeAll(async () => {
    // Debug, so that each service has lines about the request to check (the router's "routed", the cloud worker's call).
    process.env['E2E_LOG_LEVEL'] = 'debug';
    upstream = await startFakeOpenAI();
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      cloudProviders: [{ name: 'openai', kind: 'openai-compatible', baseUrl: upstream.url, models: ['gpt-4o-mini'] }],
      expectModels: ['local:stories260k', 'openai:gpt-4o-mini'],
    });
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'unused', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    if (previousLevel === undefined) delete process.env['E2E_LOG_LEVEL'];
    else process.env['E2E_LOG_LEVEL'] = previousLevel;
    await stack?.stop();
    await upstream?.close();
  });

  it.each<[string, ServiceName]>([
    ['local:stories260k', 'worker-local'],
    ['openai:gpt-4o-mini', 'worker-cloud'],
  ])('ties every line about a request to %s to its id and traceparent, in every service it crosses', async (model, worker) => {
    const requestId = `trace-${worker}-${process.pid}`;
    const stream = await client.chat.completions.create(
      { model, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 8, stream: true },
      { headers: { 'x-request-id': requestId, traceparent: TRACEPARENT } },
    );
    for await (const chunk of stream) void chunk;
    // The gateway's access line is written when the response closes, just after the client has read it.
    const finished = (): boolean => linesMentioning(stack.gateway, requestId).some((line) => line['msg'] === 'request finished');
    await waitFor(finished, 2_000, 'the gateway’s line about the finished request');
    // The router hears that the worker answered from the worker's control copy, which may land just after the client's
    // last byte (the answer goes from the worker to the gateway directly): its "routed" line can come a moment later.
    await waitFor(() => linesMentioning(stack.router, requestId).some((line) => line['msg'] === 'routed'), 2_000, 'the router’s line about the routed request');
    const workerProcess = stack.all.find((s) => s.service === worker && s.output.join('').includes(requestId));
    const crossed = [stack.gateway, stack.router, ...(workerProcess ? [workerProcess] : [])];
    const report = crossed.map((service) => {
      const lines = linesMentioning(service, requestId);
      const untraced = lines.filter((line) => line['requestId'] !== requestId || line['traceparent'] !== TRACEPARENT).map((line) => line['msg']);
      return { service: service.service, logged: lines.length > 0, untraced };
    });
    expect(report).toEqual((['gateway', 'router', worker] as const).map((service) => ({ service, logged: true, untraced: [] })));
  });
});
