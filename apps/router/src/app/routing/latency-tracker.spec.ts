import { LatencyTracker, type LatencySample } from './latency-tracker';

const sample = (ttftMs: number, completionTokens: number, generationMs: number): LatencySample => ({ ttftMs, completionTokens, generationMs });

describe('LatencyTracker', () => {
  let tracker: LatencyTracker;

  beforeEach(() => {
    tracker = new LatencyTracker();
  });

  it('knows nothing of a backend it has not measured', () => {
    expect(tracker.get('w1', 'local:tiny')).toBeUndefined();
  });

  it.each<[string, LatencySample, number | undefined]>([
    ['tokens after the first over the generation time', sample(100, 11, 500), 20],
    ['two tokens, the least that shows a speed', sample(100, 2, 250), 4],
    ['no speed from a single token', sample(100, 1, 0), undefined],
    ['no speed from no tokens', sample(100, 0, 0), undefined],
    ['no speed without generation time', sample(100, 5, 0), undefined],
  ])('takes the first sample as it is: %s', (_name, first, tokensPerSecond) => {
    tracker.record('w1', 'local:tiny', first);
    expect(tracker.get('w1', 'local:tiny')).toEqual({ ttftMs: 100, tokensPerSecond, samples: 1, recentTtftMs: [100] });
  });

  it('moves 30% of the way towards each new sample', () => {
    tracker.record('w1', 'local:tiny', sample(100, 11, 500)); // 20 tokens/s
    tracker.record('w1', 'local:tiny', sample(200, 21, 500)); // 40 tokens/s
    const second = tracker.get('w1', 'local:tiny');
    expect(second?.ttftMs).toBeCloseTo(130, 9);
    expect(second?.tokensPerSecond).toBeCloseTo(26, 9);
    expect(second?.samples).toBe(2);
    tracker.record('w1', 'local:tiny', sample(30, 11, 1_000)); // 10 tokens/s
    const third = tracker.get('w1', 'local:tiny');
    expect(third?.ttftMs).toBeCloseTo(100, 9);
    expect(third?.tokensPerSecond).toBeCloseTo(21.2, 9);
    expect(third?.samples).toBe(3);
  });

  it('blends the waits of requests that queued, and only theirs', () => {
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    expect(tracker.get('w1', 'local:tiny')).not.toHaveProperty('queuedMs');
    tracker.record('w1', 'local:tiny', { ...sample(100, 11, 500), queuedMs: 1_000 });
    tracker.record('w1', 'local:tiny', { ...sample(100, 11, 500), queuedMs: 0 });
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    expect(tracker.get('w1', 'local:tiny')?.queuedMs).toBe(1_000);
    tracker.record('w1', 'local:tiny', { ...sample(100, 11, 500), queuedMs: 2_000 });
    expect(tracker.get('w1', 'local:tiny')?.queuedMs).toBeCloseTo(1_300, 9);
  });

  it('keeps the speed when a sample has a single token, and blends its time to first token', () => {
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    tracker.record('w1', 'local:tiny', sample(200, 1, 0));
    expect(tracker.get('w1', 'local:tiny')).toMatchObject({ ttftMs: 130, tokensPerSecond: 20, samples: 2 });
  });

  it('takes the first measurable speed as it is after single-token samples', () => {
    tracker.record('w1', 'local:tiny', sample(100, 1, 0));
    tracker.record('w1', 'local:tiny', sample(100, 51, 1_000));
    expect(tracker.get('w1', 'local:tiny')).toMatchObject({ ttftMs: 100, tokensPerSecond: 50, samples: 2 });
  });

  it('honours another alpha', () => {
    const halfway = new LatencyTracker(0.5);
    halfway.record('w1', 'local:tiny', sample(100, 11, 500));
    halfway.record('w1', 'local:tiny', sample(200, 21, 500));
    expect(halfway.get('w1', 'local:tiny')).toMatchObject({ ttftMs: 150, tokensPerSecond: 30, samples: 2 });
  });

  it('keeps each backend of each worker apart', () => {
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    tracker.record('w1', 'local:small', sample(400, 11, 1_000));
    tracker.record('w2', 'local:tiny', sample(50, 11, 250));
    expect(tracker.get('w1', 'local:tiny')?.ttftMs).toBe(100);
    expect(tracker.get('w1', 'local:small')?.ttftMs).toBe(400);
    expect(tracker.get('w2', 'local:tiny')).toMatchObject({ ttftMs: 50, tokensPerSecond: 40, samples: 1 });
  });

  it('forgets every backend of a worker that left, and only that worker', () => {
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    tracker.record('w1', 'local:small', sample(100, 11, 500));
    tracker.record('w10', 'local:tiny', sample(70, 11, 500));
    tracker.forget('w1');
    expect(tracker.get('w1', 'local:tiny')).toBeUndefined();
    expect(tracker.get('w1', 'local:small')).toBeUndefined();
    expect(tracker.get('w10', 'local:tiny')?.ttftMs).toBe(70);
  });

  it('starts afresh for a worker that comes back after being forgotten', () => {
    tracker.record('w1', 'local:tiny', sample(1_000, 11, 500));
    tracker.forget('w1');
    tracker.record('w1', 'local:tiny', sample(100, 11, 500));
    expect(tracker.get('w1', 'local:tiny')).toEqual({ ttftMs: 100, tokensPerSecond: 20, samples: 1, recentTtftMs: [100] });
  });

  it('gives a percentile of the recent times to first token, over the last 32', () => {
    const tracker = new LatencyTracker();
    expect(tracker.ttftPercentile('w1', 'local:tiny', 90)).toBeUndefined();
    for (let ms = 1; ms <= 10; ms++) tracker.record('w1', 'local:tiny', sample(ms * 10, 1, 0));
    expect(tracker.ttftPercentile('w1', 'local:tiny', 90)).toBe(90);
    expect(tracker.ttftPercentile('w1', 'local:tiny', 50)).toBe(50);
    expect(tracker.ttftPercentile('w1', 'local:tiny', 100)).toBe(100);
    // 40 fast samples push the slow ones out.
    for (let i = 0; i < 40; i++) tracker.record('w1', 'local:tiny', sample(5, 1, 0));
    expect(tracker.ttftPercentile('w1', 'local:tiny', 100)).toBe(5);
  });
});
