import { buildCreateKey, EMPTY_KEY_FORM, limitTexts, modelsText } from './key-form';

describe('key form', () => {
  it('sends only the name when nothing else is set', () => {
    expect(buildCreateKey({ ...EMPTY_KEY_FORM, name: ' team-a ' })).toEqual({ body: { name: 'team-a' } });
  });

  it('sends the limits given and the model patterns, trimmed, without empty ones', () => {
    expect(buildCreateKey({ name: 'team-a', rpm: '10', tpm: '', rpd: '0', models: ' local:*, auto ,, ' })).toEqual({
      body: { name: 'team-a', limits: { rpm: 10, rpd: 0 }, models: ['local:*', 'auto'] },
    });
  });

  it('refuses a missing name and limits that are not whole numbers', () => {
    expect(buildCreateKey(EMPTY_KEY_FORM)).toEqual({ problem: 'Give the key a name.' });
    expect(buildCreateKey({ ...EMPTY_KEY_FORM, name: 'a', tpm: '1.5' })).toEqual({ problem: 'Tokens per minute must be a whole number, 0 or more.' });
    expect(buildCreateKey({ ...EMPTY_KEY_FORM, name: 'a', rpm: '-1' })).toHaveProperty('problem');
    expect(buildCreateKey({ ...EMPTY_KEY_FORM, name: 'a', rpd: 'lots' })).toHaveProperty('problem');
  });

  it('writes limits with units and models as "all" when unrestricted', () => {
    expect(limitTexts({ rpm: 60, tpm: 150000, rpd: 3500 })).toEqual({ rpm: '60 req/min', tpm: '150,000 tokens/min', rpd: '3,500 req/day' });
    expect(modelsText([])).toBe('all');
    expect(modelsText(['local:*', 'auto'])).toBe('local:*, auto');
  });
});
