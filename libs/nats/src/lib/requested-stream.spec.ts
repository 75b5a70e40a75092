import { headers as natsHeaders, type Msg } from 'nats';
import { CANCEL_HEADER, FRAME_HEADER, FRAMES } from './frames';
import { encodeText } from './json';
import { RequestedStream } from './requested-stream';

/** A reply message with the given frame and cancel subject. */
function reply(frame: string, cancel: string): Msg {
  const h = natsHeaders();
  h.set(FRAME_HEADER, frame);
  h.set(CANCEL_HEADER, cancel);
  return { data: encodeText('x'), headers: h } as unknown as Msg;
}

function stream(): { stream: RequestedStream; cancelled: string[] } {
  const cancelled: string[] = [];
  const requested = new RequestedStream(
    'switchyard.router.infer',
    { ackTimeoutMs: 1_000, idleTimeoutMs: 5_000 },
    { next: () => undefined, error: () => undefined, complete: () => undefined },
    { done: () => undefined, cancel: (to) => void cancelled.push(to), handedOff: () => undefined },
  );
  return { stream: requested, cancelled };
}

describe('RequestedStream: who takes the cancel', () => {
  it('the worker whose data came after the router’s ack', () => {
    const { stream: s, cancelled } = stream();
    s.push(reply(FRAMES.ack, 'cancel.router'));
    s.push(reply(FRAMES.data, 'cancel.worker'));
    s.leave();
    expect(cancelled).toEqual(['cancel.worker']);
  });

  it('still the worker when the router’s ack comes after the worker’s data (its hold ran out first)', () => {
    const { stream: s, cancelled } = stream();
    s.push(reply(FRAMES.data, 'cancel.worker'));
    s.push(reply(FRAMES.ack, 'cancel.router'));
    s.leave();
    expect(cancelled).toEqual(['cancel.worker']);
  });
});
