import { BusDisconnectedError, BusTimeoutError, NoRespondersError, PayloadTooLargeError, RemoteHandlerError, StreamAbortedError } from '@switchyard/nats';
import type { ErrorPart } from '@switchyard/contracts';
import { busFailureToPart, isRouterLoss } from './bus-failure';

const SUBJECT = 'switchyard.router.infer';

const GENERIC = 'The gateway failed to process the response.';

describe('busFailureToPart', () => {
  it.each<[string, unknown, ErrorPart['code'], string]>([
    ['no router listening', new NoRespondersError(SUBJECT), 'service_unavailable', 'No router is available to serve the request.'],
    ['the bus connection lost', new BusDisconnectedError(), 'service_unavailable', 'The gateway has lost its connection to the message bus.'],
    ['no acknowledgement in time', new BusTimeoutError(SUBJECT, 'ack'), 'service_unavailable', 'No router acknowledged the request in time.'],
    ['the deadline passed', new BusTimeoutError(SUBJECT, 'deadline'), 'timeout', 'The request did not complete before its deadline.'],
    ['the router gone silent', new BusTimeoutError(SUBJECT, 'idle'), 'timeout', 'The backend stopped responding.'],
    ['no reply', new BusTimeoutError(SUBJECT, 'reply'), 'timeout', 'The backend stopped responding.'],
    ['the request aborted', new StreamAbortedError(), 'cancelled', 'The request was cancelled.'],
    [
      'a request over the bus limit',
      new PayloadTooLargeError(SUBJECT, 2_000_000, 1_048_576),
      'request_too_large',
      "The request is too large for the message bus (at most 1048576 bytes; nats-server's max_payload); send a smaller request, or raise max_payload on the NATS server.",
    ],
    ['the router handler failing', new RemoteHandlerError(SUBJECT, 'TypeError: x is undefined'), 'internal_error', GENERIC],
    ['an undecodable reply', new SyntaxError('Unexpected token < in JSON'), 'internal_error', GENERIC],
    ['a thrown string', 'boom', 'internal_error', GENERIC],
  ])('reports %s as %s', (_name, error, code, message) => {
    expect(busFailureToPart(error)).toEqual({ type: 'error', code, message, param: null, retryable: false });
  });

  it('does not reveal subjects or remote messages to the client', () => {
    const failures = [new NoRespondersError(SUBJECT), new BusTimeoutError(SUBJECT, 'idle'), new RemoteHandlerError(SUBJECT, 'password=hunter2')];
    const messages = failures.map((error) => busFailureToPart(error).message);
    expect(messages.join(' ')).not.toMatch(/switchyard\.|hunter2/);
  });
});

describe('isRouterLoss', () => {
  it.each<[string, unknown, boolean]>([
    ['no router listening', new NoRespondersError(SUBJECT), true],
    ['no acknowledgement', new BusTimeoutError(SUBJECT, 'ack'), true],
    ['silence after the acknowledgement', new BusTimeoutError(SUBJECT, 'idle'), true],
    ['the deadline', new BusTimeoutError(SUBJECT, 'deadline'), false],
    ['the bus connection lost', new BusDisconnectedError(), false],
    ['the client leaving', new StreamAbortedError(), false],
    ['the router handler failing', new RemoteHandlerError(SUBJECT, 'bug'), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRouterLoss(error)).toBe(expected);
  });
});
