import { FirstOutputClock } from './first-output-clock';

describe('FirstOutputClock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts the hedge after its wait, then gives the attempt up after the first-output wait', () => {
    const abort = jest.fn();
    const start = jest.fn();
    const clock = new FirstOutputClock({ firstOutputMs: 300, slow: { afterMs: 100, start } }, abort, () => false);
    jest.advanceTimersByTime(99);
    expect(start).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(clock.expired).toBe(false);
    jest.advanceTimersByTime(200);
    expect(abort).toHaveBeenCalledTimes(1);
    expect(clock.expired).toBe(true);
  });

  it('starts no hedge once the worker has output', () => {
    const start = jest.fn();
    new FirstOutputClock({ slow: { afterMs: 100, start } }, jest.fn(), () => true);
    jest.advanceTimersByTime(1_000);
    expect(start).not.toHaveBeenCalled();
  });

  it('does not give up an attempt whose output waits at the worker', () => {
    const abort = jest.fn();
    const clock = new FirstOutputClock({ firstOutputMs: 300 }, abort, () => true);
    clock.outputReady();
    jest.advanceTimersByTime(1_000);
    expect(abort).not.toHaveBeenCalled();
    expect(clock.expired).toBe(false);
  });

  it('stops both clocks once output began', () => {
    const abort = jest.fn();
    const start = jest.fn();
    const clock = new FirstOutputClock({ firstOutputMs: 300, slow: { afterMs: 100, start } }, abort, () => false);
    clock.stop();
    jest.advanceTimersByTime(1_000);
    expect(start).not.toHaveBeenCalled();
    expect(abort).not.toHaveBeenCalled();
  });

  it('sets no clock for the last candidate, which has no waits', () => {
    const abort = jest.fn();
    const clock = new FirstOutputClock({}, abort, () => false);
    jest.advanceTimersByTime(60_000);
    expect(abort).not.toHaveBeenCalled();
    expect(clock.expired).toBe(false);
  });
});
