import type { ConsoleFeedEvent } from '@switchyard/contracts';
import { createFeedDecoder } from './feed-decoder';
import { toFeedEvent } from './feed-events';
import { heartbeat, routeEntry, splitAt } from './testing/fixtures';

const encoder = new TextEncoder();

function decodeAll(pieces: Uint8Array[]): { events: ConsoleFeedEvent[]; invalid: number } {
  const events: ConsoleFeedEvent[] = [];
  let invalid = 0;
  const decoder = createFeedDecoder(
    (event) => events.push(event),
    () => invalid++,
  );
  for (const piece of pieces) decoder.push(piece);
  return { events, invalid };
}

const route = routeEntry({ requestId: 'req-ü', requestedModel: 'modèle-😀' });
const worker = heartbeat({ workerId: 'cloud-1', kind: 'cloud', provider: 'openai' });
const stream =
  ': ping\n\n' +
  `event: route\ndata: ${JSON.stringify(route)}\n\n` +
  `event: worker\r\ndata: ${JSON.stringify(worker)}\r\n\r\n` +
  'event: goodbye\ndata: {"workerId":"local-1"}\n\n';

describe('feed decoder', () => {
  it('turns the stream into typed events, skipping comments', () => {
    const { events } = decodeAll([encoder.encode(stream)]);
    expect(events).toEqual([
      { event: 'route', data: route },
      { event: 'worker', data: worker },
      { event: 'goodbye', data: { workerId: 'local-1' } },
    ]);
  });

  it('gives the same events however the bytes are split, even inside a UTF-8 character', () => {
    const bytes = encoder.encode(stream);
    const whole = decodeAll([bytes]).events;
    // Every single split point, and a byte-at-a-time feed.
    for (let offset = 1; offset < bytes.length; offset++) expect(decodeAll(splitAt(bytes, [offset])).events).toEqual(whole);
    expect(decodeAll(splitAt(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).events).toEqual(whole);
  });

  it('drops malformed messages and goes on with the next', () => {
    const text =
      'event: route\ndata: {not json\n\n' +
      'event: unknown\ndata: {}\n\n' +
      'data: {"workerId":"no-event-name"}\n\n' +
      'event: worker\ndata: {"workerId":"w"}\n\n' +
      'event: goodbye\ndata: [1,2]\n\n' +
      'garbage line without colon\n\n' +
      'event: goodbye\ndata: {"workerId":"ok"}\n\n';
    const { events, invalid } = decodeAll([encoder.encode(text)]);
    expect(events).toEqual([{ event: 'goodbye', data: { workerId: 'ok' } }]);
    expect(invalid).toBe(5);
  });

  it('joins multi-line data and forgets a partial event on reset', () => {
    const events: ConsoleFeedEvent[] = [];
    const decoder = createFeedDecoder((event) => events.push(event));
    decoder.push(encoder.encode('event: goodbye\ndata: {"workerId":\ndata: "w1"}\n\n'));
    decoder.push(encoder.encode('event: goodbye\ndata: {"workerId":"lost'));
    decoder.reset();
    decoder.push(encoder.encode('event: goodbye\ndata: {"workerId":"w2"}\n\n'));
    expect(events.map((event) => event.data)).toEqual([{ workerId: 'w1' }, { workerId: 'w2' }]);
  });
});

describe('feed events', () => {
  it('checks the shape of each event body', () => {
    expect(toFeedEvent('route', JSON.stringify({ ...route, status: '200' }))).toBeNull();
    expect(toFeedEvent('route', JSON.stringify({ ...route, backend: null }))).toEqual({ event: 'route', data: { ...route, backend: null } });
    expect(toFeedEvent('worker', JSON.stringify({ ...worker, kind: 'gpu' }))).toBeNull();
    expect(toFeedEvent('goodbye', JSON.stringify({ workerId: 'w', extra: 1 }))).toEqual({ event: 'goodbye', data: { workerId: 'w' } });
    expect(toFeedEvent(undefined, '{}')).toBeNull();
    expect(toFeedEvent('goodbye', 'null')).toBeNull();
  });
});
