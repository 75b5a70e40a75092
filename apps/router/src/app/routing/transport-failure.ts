import { errorPart, type ErrorPart } from '@switchyard/contracts';
import { BusDisconnectedError, BusTimeoutError, NoRespondersError, PayloadTooLargeError, RemoteHandlerError } from '@switchyard/nats';

/** Turns a failure to reach or hear from a worker into an error part; all are worth another backend. */
export function transportFailureToPart(error: unknown, backend: string): ErrorPart {
  if (error instanceof NoRespondersError) {
    return errorPart('service_unavailable', `Backend ${backend} is not reachable.`, { retryable: true });
  }
  if (error instanceof BusTimeoutError) {
    const deadline = error.phase === 'deadline';
    return errorPart('timeout', deadline ? 'The request deadline passed.' : `Backend ${backend} stopped answering.`, {
      retryable: !deadline,
    });
  }
  if (error instanceof BusDisconnectedError) {
    return errorPart('service_unavailable', 'The message bus is unavailable.', { retryable: true });
  }
  if (error instanceof PayloadTooLargeError) {
    // Too large for the bus is too large for every backend: not retried.
    return errorPart('request_too_large', "The request is too large for the message bus (nats-server's max_payload); send a smaller request, or raise max_payload.", { retryable: false });
  }
  if (error instanceof RemoteHandlerError) {
    return errorPart('internal_error', `Backend ${backend} failed.`, { retryable: true });
  }
  return errorPart('internal_error', `Backend ${backend} sent an invalid reply.`, { retryable: true });
}
