import { BearerToken } from './bearer-token';

const TOKEN = 't'.repeat(40);

describe('BearerToken', () => {
  it('matches the bare token only', () => {
    const token = new BearerToken(TOKEN);
    expect(token.matches(TOKEN)).toBe(true);
    expect(token.matches(`${TOKEN}t`)).toBe(false);
    expect(token.matches(TOKEN.slice(1))).toBe(false);
    expect(token.matches('')).toBe(false);
  });

  it('matches nothing when none is configured', () => {
    for (const configured of [undefined, '']) {
      const token = new BearerToken(configured);
      expect(token.configured).toBe(false);
      expect(token.matches('')).toBe(false);
      expect(token.check('Bearer x')).toBe('wrong');
    }
  });

  it('reads the token from an Authorization header', () => {
    const token = new BearerToken(TOKEN);
    expect(token.check(`Bearer ${TOKEN}`)).toBe('ok');
    expect(token.check(`bearer   ${TOKEN} `)).toBe('ok');
    expect(token.check(`Basic ${TOKEN}`)).toBe('missing');
    expect(token.check(undefined)).toBe('missing');
    expect(token.check('Bearer nope')).toBe('wrong');
  });
});
