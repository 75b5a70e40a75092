import { applyVerdict, breakerVerdict, lostRaceVerdict, type LostRace } from './breaker-verdict';
import { CircuitBreaker } from './circuit-breaker';

describe('breakerVerdict', () => {
  it.each([
    [undefined, 'success'],
    ['timeout', 'failure'],
    ['upstream_error', 'failure'],
    ['backend_busy', 'neutral'],
    ['rate_limit_exceeded', 'neutral'],
    ['invalid_request', 'success'],
  ] as const)('judges an attempt that ended with %s a %s', (code, verdict) => {
    expect(breakerVerdict(code)).toBe(verdict);
  });
});

describe('lostRaceVerdict', () => {
  const race = (lost: Partial<LostRace>): LostRace => ({ lossesInARow: 1, lossesToOpen: 3, probe: false, ...lost });

  it('leaves the circuit alone for a race lost now and then', () => {
    expect(lostRaceVerdict(race({ lossesInARow: 1 }))).toBe('neutral');
    expect(lostRaceVerdict(race({ lossesInARow: 2 }))).toBe('neutral');
  });

  it('opens the circuit once lossesToOpen races are lost in a row, and for each one lost after', () => {
    expect(lostRaceVerdict(race({ lossesInARow: 3 }))).toBe('open');
    expect(lostRaceVerdict(race({ lossesInARow: 4 }))).toBe('open');
    expect(lostRaceVerdict(race({ lossesInARow: 1, lossesToOpen: 1 }))).toBe('open');
  });

  it('reopens the circuit when its probe loses, whatever the streak', () => {
    expect(lostRaceVerdict(race({ lossesInARow: 1, probe: true }))).toBe('open');
  });
});

describe('applyVerdict', () => {
  const OPTIONS = { failureThreshold: 3, firstOpenMs: 250, openMs: 1_000 };
  let now: number;
  let breaker: CircuitBreaker;

  beforeEach(() => {
    now = 1_000_000;
    breaker = new CircuitBreaker(OPTIONS, () => now);
  });

  it('opens the circuit on an open verdict, with no failure counted before', () => {
    applyVerdict(breaker, 'w1', 'open');
    expect(breaker.state('w1')).toBe('open');
    expect(breaker.reopensAt('w1')).toBe(now + 250);
  });

  it('frees a half-open probe slot on a neutral verdict, and reopens for twice as long on an open one', () => {
    applyVerdict(breaker, 'w1', 'open');
    now += 250;
    expect(breaker.onAttempt('w1')).toBe(true);
    expect(breaker.allows('w1')).toBe(false);
    applyVerdict(breaker, 'w1', 'neutral');
    expect(breaker.allows('w1')).toBe(true);
    breaker.onAttempt('w1');
    applyVerdict(breaker, 'w1', 'open');
    expect(breaker.reopensAt('w1')).toBe(now + 500);
  });

  it('closes the circuit and forgets lost races on success', () => {
    breaker.lostRace('w1');
    applyVerdict(breaker, 'w1', 'open');
    applyVerdict(breaker, 'w1', 'success');
    expect(breaker.state('w1')).toBe('closed');
    expect(breaker.lostRace('w1')).toBe(1);
  });
});
