import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './run-log';

/**
 * Jest setup file of the end-to-end and chaos suites: every error a test's HTTP client saw is kept for
 * the secrets check of the global teardown (`secrets-teardown.cjs`). It wraps the global fetch, which
 * the openai client uses too, and appends to the run's `bodies` folder the body of each response with
 * a status of 400 or more and each SSE line that carries an `error`. The test reads its response
 * untouched: only a clone is read here.
 */
function keepErrorBodies(dir: string): void {
  const folder = join(dir, 'bodies');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${process.pid}.txt`);
  const keep = (text: string): void => {
    if (text !== '') appendFileSync(file, `${text}\n`);
  };
  const errorLines = (text: string): string =>
    text
      .split('\n')
      .filter((line) => line.includes('"error"'))
      .join('\n');
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    if (res.status >= 400) {
      res.clone().text().then(keep, () => undefined);
    } else if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      res
        .clone()
        .text()
        .then((text) => keep(errorLines(text)), () => undefined);
    }
    return res;
  };
}

const dir = runDir();
if (dir !== undefined) keepErrorBodies(dir);
