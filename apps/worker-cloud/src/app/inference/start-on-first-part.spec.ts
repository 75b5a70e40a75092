import { errorPart, type StartPart, type StreamPart } from '@switchyard/contracts';
import { startOnFirstPart } from './start-on-first-part';

const START: StartPart = { type: 'start', backend: 'openai:gpt-4o-mini', model: 'openai:gpt-4o-mini', workerId: 'w1' };

async function* from(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts;
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

describe('startOnFirstPart', () => {
  it('puts start before the first part of a good answer, and passes the rest on as it is', async () => {
    const parts: StreamPart[] = [{ type: 'delta', index: 0, text: 'Hi' }, errorPart('upstream_error', 'broke off later')];
    expect(await collect(startOnFirstPart(START, from(parts)))).toEqual([START, ...parts]);
  });

  it('turns an upstream failure before any output into a retryable error with no start', async () => {
    const parts = await collect(startOnFirstPart(START, from([errorPart('upstream_error', 'not JSON'), { type: 'delta', index: 0, text: 'x' }])));
    expect(parts).toEqual([{ ...errorPart('upstream_error', 'not JSON'), retryable: true }]);
  });

  it('keeps a definite answer (the provider refused the request) final', async () => {
    const refusal = errorPart('invalid_request', 'bad parameter', { param: 'temperature' });
    expect(await collect(startOnFirstPart(START, from([refusal])))).toEqual([refusal]);
  });

  it('does not wait for the whole answer: start goes out with the first part', async () => {
    let release: () => void = () => undefined;
    async function* slow(): AsyncGenerator<StreamPart> {
      yield { type: 'delta', index: 0, text: 'first' };
      await new Promise<void>((resolve) => (release = resolve));
      yield { type: 'finish', index: 0, reason: 'stop' };
    }
    const stream = startOnFirstPart(START, slow());
    expect((await stream.next()).value).toEqual(START);
    expect((await stream.next()).value).toMatchObject({ type: 'delta', text: 'first' });
    const rest = stream.next();
    release();
    expect((await rest).value).toMatchObject({ type: 'finish' });
  });

  it('still starts an answer that has no parts', async () => {
    expect(await collect(startOnFirstPart(START, from([])))).toEqual([START]);
  });
});
