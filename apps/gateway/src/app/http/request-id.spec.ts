import { resolveRequestId, resolveTraceparent } from './request-id';

const FRESH_ID = /^req_[A-Za-z0-9]{24}$/;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const UNSAMPLED = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';

describe('resolveRequestId', () => {
  it.each<[string, string | string[]]>([
    ['a plain id', 'abc123'],
    ['a UUID', '3f2c9a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f'],
    ['dots, colons and underscores', 'svc.api:req_42'],
    ['one character', 'x'],
    ['128 characters', 'a'.repeat(128)],
  ])('reuses a safe client id: %s', (_name, header) => {
    expect(resolveRequestId(header)).toBe(header);
  });

  it('reuses the first of repeated headers when it is safe', () => {
    expect(resolveRequestId(['first-id', 'second-id'])).toBe('first-id');
  });

  it.each<[string, string | string[] | undefined]>([
    ['no header', undefined],
    ['an empty id', ''],
    ['129 characters', 'a'.repeat(129)],
    ['a space', 'my id'],
    ['a newline (log injection)', 'id\nlevel=error'],
    ['a quote', 'id"x'],
    ['markup', '<script>'],
    ['a slash', 'a/b'],
    ['non-ASCII letters', 'café'],
    ['an unsafe first of repeated headers', ['bad id', 'good-id']],
    ['an empty list', []],
  ])('replaces %s with a fresh id', (_name, header) => {
    expect(resolveRequestId(header)).toMatch(FRESH_ID);
  });

  it('makes a different id each time', () => {
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});

describe('resolveTraceparent', () => {
  it.each<[string, string | string[], string]>([
    ['a sampled trace', TRACEPARENT, TRACEPARENT],
    ['an unsampled trace', UNSAMPLED, UNSAMPLED],
    ['the first of repeated headers', [TRACEPARENT, 'junk'], TRACEPARENT],
  ])('keeps %s', (_name, header, expected) => {
    expect(resolveTraceparent(header)).toBe(expected);
  });

  it.each<[string, string | string[] | undefined]>([
    ['no header', undefined],
    ['an empty header', ''],
    ['upper-case hex', TRACEPARENT.toUpperCase()],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['a long parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b70-01'],
    ['a missing flags field', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7'],
    ['non-hex characters', '00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01'],
    ['surrounding text', ` ${TRACEPARENT}`],
    ['trailing data after the flags', `${TRACEPARENT}\nx`],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['the forbidden version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ])('drops %s', (_name, header) => {
    expect(resolveTraceparent(header)).toBeUndefined();
  });
});
