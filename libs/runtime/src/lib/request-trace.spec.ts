import type { RequestTrace } from '@switchyard/observability';
import { traceOf } from './request-trace';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceOf', () => {
  it.each<[string, Record<string, string>, string | undefined, RequestTrace]>([
    ['the id and traceparent from the headers', { 'x-request-id': 'req_h', traceparent: TRACEPARENT }, 'req_p', { requestId: 'req_h', traceparent: TRACEPARENT }],
    ['the id without a traceparent', { 'x-request-id': 'req_h' }, undefined, { requestId: 'req_h' }],
    ['the payload id when the header is missing', { traceparent: TRACEPARENT }, 'req_p', { requestId: 'req_p', traceparent: TRACEPARENT }],
    ['nothing from nothing', {}, undefined, {}],
  ])('reads %s', (_name, headers, requestId, expected) => {
    expect(traceOf(headers, requestId)).toEqual(expected);
  });
});
