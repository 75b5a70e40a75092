import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the service name, pid, level and ISO time', () => {
    const { lines, stream } = capture();
    const logger = createLogger('gateway', 'info', stream);
    logger.debug('below the level');
    logger.info({ requestId: 'req_1' }, 'hello');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({ level: 30, service: 'gateway', pid: process.pid, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), requestId: 'req_1', msg: 'hello' });
  });

  it.each([
    ['an authorization header', { headers: { authorization: 'Bearer sk-secret-123' } }],
    ['a top-level apiKey', { apiKey: 'sk-secret-123' }],
    ['a nested apiKey', { provider: { apiKey: 'sk-secret-123' } }],
    ['an api-key header', { headers: { 'api-key': 'sk-secret-123' } }],
    ['an api-key header of a logged request', { req: { headers: { 'api-key': 'sk-secret-123' } } }],
    ['an x-api-key header', { headers: { 'x-api-key': 'sk-secret-123' } }],
    ['an x-api-key header of a logged request', { req: { headers: { 'x-api-key': 'sk-secret-123' } } }],
  ])('never prints %s', (_name, fields) => {
    const { lines, stream } = capture();
    const logger = createLogger('gateway', 'info', stream);
    logger.info(fields, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk-secret-123');
    expect(lines[0]).toContain('[redacted]');
  });
});
