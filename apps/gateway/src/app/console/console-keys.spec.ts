import { KeyStoreError, type KeyRecord } from '@switchyard/keys';
import { badKeyBody, consoleKeyOf, CreateConsoleKeySchema, keyStoreFailure } from './console-keys';

const RECORD: KeyRecord = {
  id: 'key_0123456789abcdef',
  name: 'team-a',
  hash: 'a'.repeat(64),
  prefix: 'sk-sy-AbCd',
  createdAt: '2026-12-07T10:00:00.000Z',
  limits: { rpm: 60, tpm: 150_000, rpd: 3_500 },
  models: ['local:*'],
};

describe('console keys', () => {
  it('shows a record without its hash', () => {
    const shown = consoleKeyOf(RECORD);
    expect(shown).toEqual({ id: RECORD.id, name: 'team-a', prefix: 'sk-sy-AbCd', createdAt: RECORD.createdAt, limits: RECORD.limits, models: ['local:*'] });
    expect(JSON.stringify(shown)).not.toContain(RECORD.hash);
    expect(consoleKeyOf({ ...RECORD, revokedAt: '2026-12-07T11:00:00.000Z' }).revokedAt).toBe('2026-12-07T11:00:00.000Z');
  });

  it('takes a name, optional limits and model patterns, and nothing else', () => {
    expect(CreateConsoleKeySchema.safeParse({ name: 'a', limits: { rpm: 5 }, models: ['auto'] }).success).toBe(true);
    for (const body of [{}, { name: 'a', limits: { rpm: 0 } }, { name: 'a', limits: { rph: 5 } }, { name: 'a', admin: true }, { name: 'a', models: 'auto' }, []]) {
      expect(CreateConsoleKeySchema.safeParse(body).success).toBe(false);
    }
  });

  it('names the field a bad body got wrong', () => {
    const parsed = CreateConsoleKeySchema.safeParse({ name: 'a', limits: { tpm: 1.5 } });
    if (parsed.success) throw new Error('expected a refusal');
    const error = badKeyBody(parsed.error).error;
    expect(error.status).toBe(400);
    expect(error.body.error).toMatchObject({ param: 'limits.tpm', code: null, type: 'invalid_request_error' });
  });

  it('answers 404 for an unknown key, 400 for what the store refuses, 503 when it cannot be reached', () => {
    expect(keyStoreFailure(new KeyStoreError('no key with id or name "x"')).error).toMatchObject({ status: 404, body: { error: { message: 'No key with id or name "x".' } } });
    expect(keyStoreFailure(new KeyStoreError('a key named "a" already exists; revoke it first or choose another name')).error.status).toBe(400);
    expect(keyStoreFailure(new Error('TIMEOUT')).error.status).toBe(503);
  });
});
