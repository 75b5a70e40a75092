import { isHttpError, parseUsageQuery } from './usage-query';

const NOW = Date.UTC(2025, 2, 14, 12);

describe('parseUsageQuery', () => {
  it.each<[string, Record<string, unknown>, object]>([
    ['nothing: today, every key', {}, { from: '2025-03-14', to: '2025-03-14', days: ['2025-03-14'] }],
    ['one day', { from: '2025-03-01', to: '2025-03-01' }, { from: '2025-03-01', to: '2025-03-01', days: ['2025-03-01'] }],
    ['a range across a month end, inclusive', { from: '2025-02-27', to: '2025-03-02' }, { days: ['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02'] }],
    ['only to: that day', { to: '2025-01-31' }, { from: '2025-01-31', to: '2025-01-31' }],
    ['only from: up to today', { from: '2025-03-12' }, { from: '2025-03-12', to: '2025-03-14', days: ['2025-03-12', '2025-03-13', '2025-03-14'] }],
    ['a key', { key: 'key_0123456789abcdef', from: '2025-03-14', to: '2025-03-14' }, { keyId: 'key_0123456789abcdef' }],
    ['a leap day', { from: '2024-02-29', to: '2024-02-29' }, { days: ['2024-02-29'] }],
  ])('accepts %s', (_name, params, expected) => {
    const parsed = parseUsageQuery(params, NOW);
    expect(isHttpError(parsed)).toBe(false);
    expect(parsed).toMatchObject(expected);
  });

  it('leaves keyId out when no key is given', () => {
    expect(parseUsageQuery({}, NOW)).not.toHaveProperty('keyId');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown parameter', { model: 'x' }, 'model', 'Unrecognized request argument supplied: model'],
    ['a repeated parameter', { from: ['2025-03-01', '2025-03-02'] }, 'from', "'from' must be given once"],
    ['an empty key', { key: '' }, 'key', "'key' must be an API key id"],
    ['a day in another format', { from: '14/03/2025' }, 'from', "'from' must be a UTC day as YYYY-MM-DD; got '14/03/2025'"],
    ['a day that does not exist', { to: '2025-02-30' }, 'to', "'to' must be a UTC day"],
    ['not a leap year', { from: '2025-02-29' }, 'from', "'from' must be a UTC day"],
    ['a timestamp', { to: '2025-03-14T00:00:00Z' }, 'to', "'to' must be a UTC day"],
    ['from after to', { from: '2025-03-02', to: '2025-03-01' }, 'from', "'from' (2025-03-02) must not be after 'to' (2025-03-01)"],
    ['more than 366 days', { from: '2024-01-01', to: '2025-01-01' }, 'from', 'A query covers at most 366 days; 2024-01-01..2025-01-01 is 367'],
  ])('answers 400 naming the parameter for %s', (_name, params, param, message) => {
    const parsed = parseUsageQuery(params, NOW);
    if (!isHttpError(parsed)) throw new Error('expected an error');
    expect(parsed.status).toBe(400);
    expect(parsed.body.error).toMatchObject({ type: 'invalid_request_error', param, code: null });
    expect(parsed.body.error.message).toContain(message);
  });
});
