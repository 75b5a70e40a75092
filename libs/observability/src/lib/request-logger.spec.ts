import { Writable } from 'node:stream';
import pino from 'pino';
import { requestLogger, type RequestTrace } from './request-logger';

/** A pino logger whose lines the test reads back as objects. */
function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ base: { service: 'router' } }, stream), lines };
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('requestLogger', () => {
  it.each<[string, RequestTrace, Record<string, unknown>]>([
    ['the id and the traceparent', { requestId: 'req_1', traceparent: TRACEPARENT }, { requestId: 'req_1', traceparent: TRACEPARENT }],
    ['the id alone when the client sent no traceparent', { requestId: 'req_2' }, { requestId: 'req_2' }],
    ['nothing when neither is known', {}, {}],
  ])('puts %s on every line', (_name, trace, expected) => {
    const { logger, lines } = capture();
    const log = requestLogger(logger, trace);
    log.info({ backend: 'local:x' }, 'routed');
    log.warn('backend failed before start');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'router', ...expected });
      if (!('requestId' in expected)) expect(line).not.toHaveProperty('requestId');
      if (!('traceparent' in expected)) expect(line).not.toHaveProperty('traceparent');
    }
    expect(lines[0]).toMatchObject({ backend: 'local:x', msg: 'routed' });
  });

  it('leaves the parent logger untouched', () => {
    const { logger, lines } = capture();
    requestLogger(logger, { requestId: 'req_3', traceparent: TRACEPARENT });
    logger.info('worker joined');
    expect(lines[0]).not.toHaveProperty('requestId');
    expect(lines[0]).not.toHaveProperty('traceparent');
  });

  it('makes no child logger for lines below the level, and one for the first line written', () => {
    const { logger, lines } = capture();
    logger.level = 'warn';
    const child = jest.spyOn(logger, 'child');
    const log = requestLogger(logger, { requestId: 'req_4' });
    log.debug({ detail: 1 }, 'not written');
    log.info('not written either');
    expect(child).not.toHaveBeenCalled();
    log.warn('written');
    log.error('written too');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l['msg'], l['requestId']])).toEqual([
      ['written', 'req_4'],
      ['written too', 'req_4'],
    ]);
    expect(log.level).toBe('warn');
    expect(log.isLevelEnabled('info')).toBe(false);
  });
});
