import { errorPart, type ErrorPart } from '@switchyard/contracts';
import { BusDisconnectedError, BusTimeoutError, NoRespondersError, PayloadTooLargeError, StreamAbortedError } from '@switchyard/nats';

/** What the client is told when the router cannot be reached or stops answering. */
export function busFailureToPart(error: unknown): ErrorPart {
  if (error instanceof NoRespondersError) return errorPart('service_unavailable', 'No router is available to serve the request.');
  if (error instanceof BusDisconnectedError) return errorPart('service_unavailable', 'The gateway has lost its connection to the message bus.');
  if (error instanceof BusTimeoutError) {
    if (error.phase === 'ack') return errorPart('service_unavailable', 'No router acknowledged the request in time.');
    if (error.phase === 'deadline') return errorPart('timeout', 'The request did not complete before its deadline.');
    return errorPart('timeout', 'The backend stopped responding.');
  }
  if (error instanceof PayloadTooLargeError) {
    const limit = error.limit === undefined ? '' : ` (at most ${error.limit} bytes; nats-server's max_payload)`;
    return errorPart('request_too_large', `The request is too large for the message bus${limit}; send a smaller request, or raise max_payload on the NATS server.`);
  }
  if (error instanceof StreamAbortedError) return errorPart('cancelled', 'The request was cancelled.');
  return errorPart('internal_error', 'The gateway failed to process the response.');
}

/**
 * Whether the failure means the router itself is gone or never got the request (none listening, no
 * acknowledgement, silence after the acknowledgement), so another replica may take it.
 */
export function isRouterLoss(error: unknown): boolean {
  if (error instanceof NoRespondersError) return true;
  return error instanceof BusTimeoutError && (error.phase === 'ack' || error.phase === 'idle');
}
