import { errorPart, type ErrorPart, type ReplyPart, type Route, type StartPart } from '@switchyard/contracts';
import type { InferenceJob } from '../inference/inference.client';
import { isResumable, resumingAnswer, type ChatStreamJob } from './resuming-answer';

const encoder = new TextEncoder();
const LABEL = 'auto (selected: openai:gpt-4o-mini)';
const ROUTE: Route = { policy: 'cloud-first', selected: 'openai:gpt-4o-mini', failed: [], skipped: [] };

const job: ChatStreamJob = {
  kind: 'chat',
  body: { model: 'auto', messages: [{ role: 'user', content: 'Tell me' }], stream: true, max_tokens: 50 },
  render: { format: 'chat.completion.chunk', id: 'chatcmpl-1', created: 1, includeUsage: true },
};

const start = (backend: string, workerId: string, model = `auto (selected: ${backend})`): StartPart => ({ type: 'start', backend, model, workerId, route: { ...ROUTE, selected: backend } });
/** A rendered chunk of choice 0, as a worker renders it. */
const chunk = (delta: Record<string, unknown>, finish: string | null = null): ReplyPart => ({
  type: 'rendered',
  output: true,
  json: encoder.encode(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: LABEL, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })),
});
const text = (content: string): ReplyPart => chunk({ content });
const broken: ErrorPart = errorPart('upstream_error', 'The upstream connection was cut.');

/** Runs each job with the next script, recording the jobs. */
function scripted(...scripts: ReplyPart[][]): { run: (job: InferenceJob) => AsyncIterable<ReplyPart>; jobs: InferenceJob[] } {
  const jobs: InferenceJob[] = [];
  return {
    jobs,
    run: (next) => {
      jobs.push(next);
      const parts = scripts.shift() ?? [];
      return (async function* () {
        yield* parts;
      })();
    },
  };
}

async function collect(parts: AsyncIterable<ReplyPart>): Promise<ReplyPart[]> {
  const out: ReplyPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const signal = new AbortController().signal;
const context = { requestId: 'req_1' };

describe('resumingAnswer', () => {
  it('goes on on another backend from the text so far, under the first label, adding what the first spent', async () => {
    const { run, jobs } = scripted(
      [start('openai:gpt-4o-mini', 'cloud-1', LABEL), chunk({ role: 'assistant', content: '' }), text('Once'), text(' upon a '), broken],
      [start('local:tiny', 'local-1'), text('time'), { type: 'usage', promptTokens: 9, completionTokens: 4 }],
    );
    const answer = resumingAnswer(job, context, signal, run, 2);
    const parts = await collect(answer.parts);

    expect(parts.map((p) => p.type)).toEqual(['start', 'rendered', 'rendered', 'rendered', 'start', 'rendered', 'usage']);
    expect(parts[4]).toMatchObject({ backend: 'local:tiny', model: LABEL, route: { selected: 'openai:gpt-4o-mini', resumed: [{ from: 'openai:gpt-4o-mini', to: 'local:tiny', code: 'upstream_error' }] } });
    // Two chunks of text before the break, and the prompt as estimated.
    expect(parts[6]).toMatchObject({ type: 'usage', completionTokens: 6 });
    expect((parts[6] as { promptTokens: number }).promptTokens).toBeGreaterThan(9);
    expect(answer.trailer()).toBe('switchyard-resumed: openai:gpt-4o-mini (upstream_error) -> local:tiny');

    expect(jobs[1]).toMatchObject({
      avoid: ['cloud-1'],
      body: {
        messages: [{ role: 'user', content: 'Tell me' }, { role: 'assistant', content: 'Once upon a' }],
        continue_final_message: true,
        max_tokens: 48,
      },
      render: { continuation: { model: LABEL, trimLeading: true, prior: { completionTokens: 2 } } },
    });
  });

  it('ends with the error, as before, mid tool call, after a finish, past maxResumes, or for a client error', async () => {
    const call = chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] });
    for (const [name, before, failure, max] of [
      ['a tool call', [call], broken, 2],
      ['a finished choice', [text('Hi'), chunk({}, 'stop')], broken, 2],
      ['no resumes allowed', [text('Hi')], broken, 0],
      ['a client error', [text('Hi')], errorPart('context_length_exceeded', 'too long'), 2],
    ] as const) {
      const { run, jobs } = scripted([start('openai:gpt-4o-mini', 'cloud-1'), ...before, failure]);
      const parts = await collect(resumingAnswer(job, context, signal, run, max).parts);
      expect({ name, last: parts.at(-1), jobs: jobs.length }).toEqual({ name, last: failure, jobs: 1 });
    }
  });

  it('gives the client the error that broke its stream when no backend can go on with it', async () => {
    const { run } = scripted([start('openai:gpt-4o-mini', 'cloud-1'), text('Hi'), broken], [errorPart('unsupported_parameter', "No backend serving 'auto' supports 'continue_final_message'.")]);
    const parts = await collect(resumingAnswer(job, context, signal, run, 2).parts);
    expect(parts.at(-1)).toEqual(broken);
  });

  it('resumes a stream that broke again, each time from everything the client has', async () => {
    const { run, jobs } = scripted(
      [start('openai:gpt-4o-mini', 'cloud-1'), text('One'), broken],
      [start('anthropic:claude', 'cloud-2'), text(' two'), errorPart('service_unavailable', 'worker gone')],
      [start('local:tiny', 'local-1'), text(' three'), { type: 'usage', promptTokens: 1, completionTokens: 1 }],
    );
    const answer = resumingAnswer(job, context, signal, run, 2);
    const parts = await collect(answer.parts);
    expect(parts.at(-1)).toMatchObject({ type: 'usage', completionTokens: 3 });
    expect(jobs[2]).toMatchObject({ avoid: ['cloud-1', 'cloud-2'], body: { messages: [{ role: 'user' }, { role: 'assistant', content: 'One two' }] } });
    expect(answer.trailer()).toBe('switchyard-resumed: openai:gpt-4o-mini (upstream_error) -> anthropic:claude; anthropic:claude (service_unavailable) -> local:tiny');
  });

  it('goes on from the client’s own final message when the request continues one, and reruns a stream that had said nothing', async () => {
    const own: ChatStreamJob = { ...job, body: { ...job.body, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Dear' }], continue_final_message: true } };
    const { run, jobs } = scripted([start('openai:gpt-4o-mini', 'cloud-1'), text(' sir'), broken], []);
    await collect(resumingAnswer(own, context, signal, run, 1).parts);
    expect(jobs[1].body).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Dear sir' }], continue_final_message: true });

    const silent = scripted([start('openai:gpt-4o-mini', 'cloud-1'), chunk({ role: 'assistant', content: '' }), broken], []);
    await collect(resumingAnswer(job, context, signal, silent.run, 1).parts);
    expect(silent.jobs[1].body).toEqual(job.body);
  });

  it('carries on only streamed chat completions with one choice', () => {
    expect(isResumable(job)).toBe(true);
    expect(isResumable({ ...job, body: { ...job.body, n: 2 } })).toBe(false);
    expect(isResumable({ ...job, render: { format: 'chat.completion', id: 'x', created: 1 } })).toBe(false);
  });
});
