import type { StreamPart } from '@switchyard/contracts';
import { openAISchemaValidator, responsesEventSchema } from '@switchyard/testing';
import { responseEcho } from './response-object';
import { ResponseAccumulator, ResponseEventRenderer } from './response-events';

const START: StreamPart = { type: 'start', backend: 'openai:tool-model', model: 'auto (selected: openai:tool-model)', workerId: 'w1' };
const ECHO = responseEcho({ model: 'auto', input: 'Hi', instructions: 'Be brief.', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] });
/** Text, then a tool call in two pieces, then the finish and the usage. */
const PARTS: StreamPart[] = [
  START,
  { type: 'delta', index: 0, text: 'Let me ' },
  { type: 'delta', index: 0, text: 'look.' },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_1', name: 'get_weather', arguments: '' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '{"city":' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '"Paris"}' }] },
  { type: 'finish', index: 0, reason: 'tool_calls' },
  { type: 'usage', promptTokens: 12, completionTokens: 7, cachedPromptTokens: 4 },
];

describe('ResponseEventRenderer', () => {
  const spec = openAISchemaValidator();

  it('renders the Responses event sequence, numbered from 0, each valid against the spec, type first', () => {
    const renderer = new ResponseEventRenderer('resp_1', 1_700_000_000, ECHO);
    const rendered = PARTS.flatMap((part) => renderer.render(part));
    const events = rendered.map((e) => JSON.parse(e.json) as { type: string; sequence_number: number });
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_e, i) => i));
    expect(rendered.every((e) => e.json.startsWith('{"type":"response.'))).toBe(true);
    for (const event of events) expect([event.type, spec.validate(responsesEventSchema(event.type), event).errors]).toEqual([event.type, []]);
    expect(rendered.filter((e) => e.output).length).toBe(4);
  });

  it('renders thinking as reasoning items before the message: text, then the signature or redacted data it carries', () => {
    const renderer = new ResponseEventRenderer('resp_r', 1, ECHO);
    const parts: StreamPart[] = [
      START,
      { type: 'delta', index: 0, text: '', thinking: 'Hmm, ' },
      { type: 'delta', index: 0, text: '', thinking: 'an echo.' },
      { type: 'delta', index: 0, text: '', signature: 'SIG==' },
      { type: 'delta', index: 0, text: '', redactedThinking: 'DATA==' },
      { type: 'delta', index: 0, text: 'Echo' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 3, completionTokens: 4 },
    ];
    const events = parts.flatMap((part) => renderer.render(part)).map((e) => JSON.parse(e.json) as { type: string; item?: Record<string, unknown>; response?: { output: unknown[] } });
    for (const event of events) expect([event.type, spec.validate(responsesEventSchema(event.type), event).errors]).toEqual([event.type, []]);
    expect(events.map((e) => e.type).slice(2, 13)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    const output = events.at(-1)?.response?.output;
    expect(output).toEqual([
      { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Hmm, an echo.' }], encrypted_content: 'sy.thinking.v1:SIG==', status: 'completed' },
      { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [], content: [], encrypted_content: 'sy.redacted.v1:DATA==', status: 'completed' },
      expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Echo' })] }),
    ]);
  });

  it('renders response.failed for an error after the start, with the output so far cut short', () => {
    const renderer = new ResponseEventRenderer('resp_f', 1, ECHO);
    const parts: StreamPart[] = [START, { type: 'delta', index: 0, text: 'Once upon' }, { type: 'error', code: 'upstream_error', message: 'the backend failed', param: null, retryable: false }];
    const last = JSON.parse(parts.flatMap((part) => renderer.render(part)).at(-1)?.json ?? '{}') as { type: string; response: Record<string, unknown> };
    expect(spec.validate('ResponseFailedEvent', last).errors).toEqual([]);
    expect(last.type).toBe('response.failed');
    expect(last.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'the backend failed' },
      output: [{ type: 'message', status: 'incomplete', content: [expect.objectContaining({ text: 'Once upon' })] }],
    });
    expect(new ResponseEventRenderer('resp_g', 1, ECHO).render({ type: 'error', code: 'timeout', message: 'slow', param: null, retryable: false })).toEqual([]);
  });

  it('is incomplete when the output hit its limit', () => {
    const renderer = new ResponseEventRenderer('resp_2', 1, ECHO);
    const parts: StreamPart[] = [START, { type: 'delta', index: 0, text: 'Once' }, { type: 'finish', index: 0, reason: 'length' }, { type: 'usage', promptTokens: 1, completionTokens: 1 }];
    const last = JSON.parse(parts.flatMap((part) => renderer.render(part)).at(-1)?.json ?? '{}') as { type: string; response: Record<string, unknown> };
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(spec.validate('ResponseIncompleteEvent', last).errors).toEqual([]);
  });
});

describe('ResponseAccumulator', () => {
  const spec = openAISchemaValidator();

  it('gathers the answer into one valid Response with the request’s echo, a message and a function call', () => {
    const accumulator = new ResponseAccumulator('resp_3', 1_700_000_000, ECHO);
    PARTS.forEach((part) => accumulator.add(part));
    const result = accumulator.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(spec.validate('Response', result.body).errors).toEqual([]);
    expect(result.body).toMatchObject({
      id: 'resp_3',
      object: 'response',
      status: 'completed',
      instructions: 'Be brief.',
      model: 'auto (selected: openai:tool-model)',
      store: true,
      previous_response_id: null,
      output: [
        { type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.', annotations: [], logprobs: [] }] },
        { type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 4, cache_write_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 19 },
    });
  });

  it('repeats store and previous_response_id as the request set them', () => {
    const accumulator = new ResponseAccumulator('resp_6', 1, responseEcho({ model: 'auto', input: 'Hi', store: false, previous_response_id: 'resp_5' }));
    PARTS.forEach((part) => accumulator.add(part));
    expect(accumulator.result()).toEqual({ ok: true, body: expect.objectContaining({ store: false, previous_response_id: 'resp_5' }) });
  });

  it('is an upstream error when the answer never finished, and passes an error on', () => {
    const unfinished = new ResponseAccumulator('resp_4', 1, ECHO);
    PARTS.slice(0, 3).forEach((part) => unfinished.add(part));
    expect(unfinished.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'upstream_error' }) });
    const failed = new ResponseAccumulator('resp_5', 1, ECHO);
    failed.add(START);
    failed.add({ type: 'error', code: 'backend_busy', message: 'busy', param: null, retryable: true });
    expect(failed.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'backend_busy' }) });
  });
});
