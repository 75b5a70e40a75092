import { Writable } from 'node:stream';
import { decodePart, type StreamPart } from '@switchyard/contracts';
import { encodeJson, encodeText, type InboundMessage } from '@switchyard/nats';
import pino from 'pino';
import { lastValueFrom, toArray } from 'rxjs';
import { Drain } from './drain';
import { inferenceReply } from './inference-reply';

const REQUEST = { requestId: 'req-1', deadline: Date.now() + 60_000, kind: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'Hi' }] } };

function message(data: Uint8Array, headers: Record<string, string> = {}): InboundMessage {
  return { data, headers, subject: 'switchyard.worker.w1.infer' } as InboundMessage;
}

function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('inferenceReply', () => {
  it('decodes the envelope once and hands the request to the handler', async () => {
    const { logger } = capture();
    const seen: string[] = [];
    const reply = inferenceReply(
      new Drain(1_000),
      message(encodeJson(REQUEST)),
      async function* (request): AsyncGenerator<StreamPart> {
        seen.push(`${request.kind} ${request.requestId}`);
        yield { type: 'usage', promptTokens: 1, completionTokens: 0 };
      },
      { logger },
    );
    const parts = (await lastValueFrom(reply.pipe(toArray()))).map(decodePart);
    expect(seen).toEqual(['chat req-1']);
    expect(parts).toEqual([expect.objectContaining({ type: 'usage', promptTokens: 1, workerMs: expect.any(Number) })]);
  });

  it.each([
    ['not JSON', encodeText('{')],
    ['no request id', encodeJson({ ...REQUEST, requestId: '' })],
  ])('refuses an envelope that is %s with an invalid_request part, logged with the trace, without running the handler', async (_name, data) => {
    const { logger, lines } = capture();
    let ran = false;
    const reply = inferenceReply(
      new Drain(1_000),
      message(data, { 'x-request-id': 'req-bad', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }),
      // eslint-disable-next-line require-yield -- must never run
      async function* (): AsyncGenerator<StreamPart> {
        ran = true;
      },
      { logger },
    );
    const parts = (await lastValueFrom(reply.pipe(toArray()))).map(decodePart);
    expect(ran).toBe(false);
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_request', message: expect.stringContaining('invalid inference request') })]);
    expect(lines).toEqual([expect.objectContaining({ msg: 'refused an invalid inference request', requestId: 'req-bad' })]);
  });
});
