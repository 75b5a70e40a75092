import { SUBJECTS } from '@switchyard/contracts';
import { encodeJson, encodeText } from '@switchyard/nats';
import { clientEvent, T0, upstreamEvent, usageEvent } from '../../test/events';
import { decodeEvent, MalformedEventError } from './metrics-event';

describe('decodeEvent', () => {
  it.each([
    [SUBJECTS.usageEvent, 'usage', usageEvent()],
    [SUBJECTS.upstreamRateLimitEvent, 'upstream_ratelimit', upstreamEvent('openai', T0)],
    [SUBJECTS.clientRateLimitEvent, 'client_ratelimit', clientEvent('key_0123456789abcdef', T0, 1, 2)],
  ])('decodes %s as %s', (subject, type, event) => {
    expect(decodeEvent(subject, encodeJson(event))).toEqual({ type, event });
  });

  it('reads a usage event stored before usage events carried the route as one without a route', () => {
    const { route: _route, ...older } = usageEvent();
    expect(decodeEvent(SUBJECTS.usageEvent, encodeJson(older))).toEqual({ type: 'usage', event: { ...older, route: null } });
  });

  it.each<[string, string, Uint8Array, string]>([
    ['not JSON', SUBJECTS.usageEvent, encodeText('{"requestId":'), 'not JSON'],
    ['a usage event without keyId', SUBJECTS.usageEvent, encodeJson({ ...usageEvent(), keyId: undefined }), 'keyId: '],
    ['negative tokens', SUBJECTS.usageEvent, encodeJson(usageEvent({ promptTokens: -1 })), 'promptTokens: '],
    ['an unknown error code', SUBJECTS.usageEvent, encodeJson({ ...usageEvent(), errorCode: 'oops' }), 'errorCode: '],
    ['a route with an unknown policy', SUBJECTS.usageEvent, encodeJson({ ...usageEvent(), route: { policy: 'random', selected: null, failed: [], skipped: [] } }), 'route.policy: '],
    ['a route event of an older router (routes now travel in usage events)', 'switchyard.events.route', encodeJson({ requestId: 'r' }), 'no event is published on switchyard.events.route'],
    ['a subject nobody publishes on', 'switchyard.events.unknown', encodeJson({}), 'no event is published on switchyard.events.unknown'],
    ['JSON null', SUBJECTS.clientRateLimitEvent, encodeText('null'), 'event: '],
  ])('rejects %s', (_name, subject, data, reason) => {
    expect(() => decodeEvent(subject, data)).toThrow(MalformedEventError);
    expect(() => decodeEvent(subject, data)).toThrow(reason);
  });
});
