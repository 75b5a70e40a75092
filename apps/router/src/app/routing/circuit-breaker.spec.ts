import { CircuitBreaker } from './circuit-breaker';

const OPEN_MS = 10_000;

describe('CircuitBreaker', () => {
  let now: number;
  let breaker: CircuitBreaker;

  beforeEach(() => {
    now = 1_000_000;
    breaker = new CircuitBreaker({ failureThreshold: 3, openMs: OPEN_MS }, () => now);
  });

  const fail = (times: number, workerId = 'w1'): void => {
    for (let i = 0; i < times; i++) breaker.failure(workerId);
  };

  it('lets requests through to a worker it has not heard of', () => {
    expect(breaker.state('w1')).toBe('closed');
    expect(breaker.allows('w1')).toBe(true);
    expect(breaker.reopensAt('w1')).toBeUndefined();
  });

  it('stays closed below the threshold', () => {
    fail(2);
    expect(breaker.state('w1')).toBe('closed');
    expect(breaker.allows('w1')).toBe(true);
  });

  it('opens after the threshold of failures in a row, until openMs has passed', () => {
    fail(3);
    expect(breaker.state('w1')).toBe('open');
    expect(breaker.allows('w1')).toBe(false);
    expect(breaker.reopensAt('w1')).toBe(1_000_000 + OPEN_MS);
    now += OPEN_MS - 1;
    expect(breaker.allows('w1')).toBe(false);
  });

  it('counts failures in a row only: a success starts the count again', () => {
    fail(2);
    breaker.success('w1');
    fail(2);
    expect(breaker.state('w1')).toBe('closed');
    fail(1);
    expect(breaker.state('w1')).toBe('open');
  });

  it('keeps one circuit per worker', () => {
    fail(3, 'bad');
    fail(2, 'flaky');
    expect(breaker.allows('bad')).toBe(false);
    expect(breaker.allows('flaky')).toBe(true);
    expect(breaker.allows('good')).toBe(true);
  });

  describe('after openMs', () => {
    beforeEach(() => {
      fail(3);
      now += OPEN_MS;
    });

    it('is half-open and lets one probe through', () => {
      expect(breaker.state('w1')).toBe('half-open');
      expect(breaker.reopensAt('w1')).toBeUndefined();
      expect(breaker.allows('w1')).toBe(true);
      breaker.onAttempt('w1');
      expect(breaker.allows('w1')).toBe(false);
      expect(breaker.state('w1')).toBe('half-open');
    });

    it('closes when the probe succeeds', () => {
      breaker.onAttempt('w1');
      breaker.success('w1');
      expect(breaker.state('w1')).toBe('closed');
      expect(breaker.allows('w1')).toBe(true);
      fail(2);
      expect(breaker.state('w1')).toBe('closed');
    });

    it('opens again for another openMs when the probe fails', () => {
      breaker.onAttempt('w1');
      now += 500;
      breaker.failure('w1');
      expect(breaker.state('w1')).toBe('open');
      expect(breaker.reopensAt('w1')).toBe(now + OPEN_MS);
      now += OPEN_MS;
      expect(breaker.allows('w1')).toBe(true);
    });

    it('frees the probe slot when the probe ends without a verdict', () => {
      breaker.onAttempt('w1');
      breaker.release('w1');
      expect(breaker.state('w1')).toBe('half-open');
      expect(breaker.allows('w1')).toBe(true);
    });
  });

  it('opens at once when told to, as the threshold of failures would', () => {
    breaker.open('w1');
    expect(breaker.state('w1')).toBe('open');
    expect(breaker.reopensAt('w1')).toBe(now + OPEN_MS);
    now += OPEN_MS;
    expect(breaker.onAttempt('w1')).toBe(true);
    breaker.open('w1');
    expect(breaker.state('w1')).toBe('open');
    expect(breaker.allows('w1')).toBe(false);
  });

  it('counts races lost in a row until a success, without touching the circuit', () => {
    expect([breaker.lostRace('w1'), breaker.lostRace('w1')]).toEqual([1, 2]);
    expect(breaker.state('w1')).toBe('closed');
    fail(1);
    expect(breaker.lostRace('w1')).toBe(3);
    breaker.success('w1');
    expect(breaker.lostRace('w1')).toBe(1);
    expect(breaker.lostRace('other')).toBe(1);
  });

  it('says which attempt is the probe of a half-open circuit', () => {
    expect(breaker.onAttempt('w1')).toBe(false);
    fail(3);
    expect(breaker.onAttempt('w1')).toBe(false);
    now += OPEN_MS;
    expect(breaker.onAttempt('w1')).toBe(true);
  });

  it('does not make a closed circuit wait on attempts that never report back', () => {
    breaker.onAttempt('w1');
    breaker.onAttempt('w1');
    expect(breaker.allows('w1')).toBe(true);
    fail(1);
    breaker.onAttempt('w1');
    expect(breaker.allows('w1')).toBe(true);
  });

  it('ignores release for a worker it has no circuit for', () => {
    breaker.release('unknown');
    expect(breaker.state('unknown')).toBe('closed');
    expect(breaker.allows('unknown')).toBe(true);
  });

  it('uses the wall clock by default', () => {
    const real = new CircuitBreaker({ failureThreshold: 1, openMs: 60_000 });
    const before = Date.now();
    real.failure('w1');
    expect(real.state('w1')).toBe('open');
    expect(real.reopensAt('w1')).toBeGreaterThanOrEqual(before + 60_000);
    expect(real.reopensAt('w1')).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  describe('with a first opening shorter than openMs', () => {
    beforeEach(() => {
      breaker = new CircuitBreaker({ failureThreshold: 3, firstOpenMs: 250, openMs: 1_000 }, () => now);
    });

    /** Fails the probe the open circuit lets through once its time has passed; returns how long it stayed open. */
    const probeFails = (): number => {
      const reopens = breaker.reopensAt('w1') ?? 0;
      const waited = reopens - now;
      now = reopens;
      expect(breaker.allows('w1')).toBe(true);
      breaker.onAttempt('w1');
      breaker.failure('w1');
      return waited;
    };

    it('waits 250 ms first, then twice as long after each failed probe, up to openMs', () => {
      fail(3);
      expect(breaker.reopensAt('w1')).toBe(now + 250);
      expect([probeFails(), probeFails(), probeFails(), probeFails()]).toEqual([250, 500, 1_000, 1_000]);
    });

    it('starts from 250 ms again once a probe succeeded', () => {
      fail(3);
      probeFails();
      probeFails();
      now = breaker.reopensAt('w1') ?? 0;
      breaker.onAttempt('w1');
      breaker.success('w1');
      expect(breaker.state('w1')).toBe('closed');
      fail(3);
      expect(breaker.reopensAt('w1')).toBe(now + 250);
    });
  });

  describe('a circuit opened by lost races', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 10_000 }, () => now);

    it('demotes its worker while open and no longer once a probe may go, and a failure makes it a failing one', () => {
      breaker.open('slow');
      expect(breaker.state('slow')).toBe('open');
      expect(breaker.demotes('slow')).toBe(true);
      now += 10_000;
      expect(breaker.state('slow')).toBe('half-open');
      expect(breaker.demotes('slow')).toBe(false);
      expect(breaker.onAttempt('slow')).toBe(true);
      // Its probe running, it is kept out but still only slow.
      expect(breaker.demotes('slow')).toBe(true);
      breaker.failure('slow');
      expect(breaker.state('slow')).toBe('open');
      expect(breaker.demotes('slow')).toBe(false);
      // Lost races after failures keep it a failing one.
      breaker.open('slow');
      expect(breaker.demotes('slow')).toBe(false);
      breaker.success('slow');
      expect(breaker.demotes('slow')).toBe(false);
      expect(breaker.state('slow')).toBe('closed');
    });
  });
});
