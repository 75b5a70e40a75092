import { errorPart, type ErrorPart, type ReplyPart, type StartPart } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import type { UsageRecording } from '../usage/usage-recorder';
import { deliver } from './deliver';
import type { ReplySink } from './reply-sink';

const START: StartPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1' };
const piece = (json: string): ReplyPart => ({ type: 'rendered', output: true, json: Buffer.from(json) });
const USAGE: ReplyPart = { type: 'usage', promptTokens: 3, completionTokens: 2 };

/** Writes down, in order, what the pipeline asked of the sink, the recording and the limits. */
class Script implements ReplySink {
  readonly calls: string[] = [];
  clientGone = false;
  answeredAfterMs = 0;

  constructor(readonly streamed: boolean) {}

  start(): void {
    this.calls.push('start');
  }
  write(json: Uint8Array): boolean {
    this.calls.push(`write ${Buffer.from(json).toString()}`);
    return !this.clientGone;
  }
  end(): void {
    this.calls.push('end');
  }
  fail(error: ErrorPart): void {
    this.calls.push(`fail ${error.code}`);
  }
  async comment(text: string): Promise<boolean> {
    this.calls.push(`comment ${text}`);
    return !this.clientGone;
  }

  readonly recording: UsageRecording = {
    note: (part) => void this.calls.push(`note ${part.type}`),
    answered: async () => {
      await new Promise((resolve) => setTimeout(resolve, this.answeredAfterMs));
      this.calls.push('answered');
    },
    finish: (status, cancelled) => void this.calls.push(`finish ${status}${cancelled ? ' cancelled' : ''}`),
  };

  reconcile = async (tokens: number): Promise<void> => void this.calls.push(`reconcile ${tokens}`);
}

async function run(script: Script, parts: ReplyPart[] | (() => AsyncGenerator<ReplyPart>), signal = new AbortController().signal): Promise<string[]> {
  const source =
    typeof parts === 'function'
      ? parts()
      : (async function* () {
          yield* parts;
        })();
  await deliver({ parts: source, sink: script, signal, recording: script.recording, reconcile: script.reconcile, logger: createLogger('test', 'silent') });
  return script.calls.filter((call) => !call.startsWith('note'));
}

describe('deliver: the gateway’s answer pipeline', () => {
  it('a whole answer: reconciled at its usage, its event handed over before the body goes out', async () => {
    const script = new Script(false);
    script.answeredAfterMs = 20;
    expect(await run(script, [START, piece('{"object":"chat.completion"}'), USAGE])).toEqual([
      'start',
      'write {"object":"chat.completion"}',
      'reconcile 5',
      'answered',
      'end',
      'finish 200',
    ]);
    expect(script.calls.filter((call) => call.startsWith('note'))).toEqual(['note start', 'note rendered', 'note usage']);
  });

  it('an error before any output: the sink fails with it, the event gets its status, the reservation is given back', async () => {
    const script = new Script(true);
    expect(await run(script, [errorPart('model_not_found', 'no such model', { param: 'model' })])).toEqual(['fail model_not_found', 'reconcile 0', 'finish 404']);
  });

  it('an error mid-stream: 200 was sent, the estimate is kept', async () => {
    const script = new Script(true);
    expect(await run(script, [START, piece('{"n":1}'), errorPart('upstream_error', 'broke')])).toEqual(['start', 'write {"n":1}', 'fail upstream_error', 'finish 200']);
  });

  it('a whole answer that ends without its body is an upstream error, not an empty 200', async () => {
    const script = new Script(false);
    expect(await run(script, [START, USAGE])).toEqual(['start', 'reconcile 5', 'fail upstream_error', 'finish 502']);
  });

  it('a client that left: nothing more is written, the event says cancelled', async () => {
    const script = new Script(true);
    script.clientGone = true;
    expect(await run(script, [START, piece('{"n":1}'), piece('{"n":2}'), USAGE])).toEqual(['start', 'write {"n":1}', 'finish 200 cancelled']);
    const left = new AbortController();
    const whole = new Script(false);
    const calls = await run(
      whole,
      async function* () {
        yield START;
        left.abort();
        yield piece('{"object":"chat.completion"}');
      },
      left.signal,
    );
    expect(calls).toEqual(['start', 'finish 499 cancelled']);
  });

  it('a failure of the gateway itself: an internal error, never a crash', async () => {
    const script = new Script(false);
    const calls = await run(script, async function* () {
      yield START;
      throw new Error('bus exploded');
    });
    expect(calls).toEqual(['start', 'fail internal_error', 'reconcile 0', 'finish 500']);
  });

  it('a resumed stream: the later start is only noted, and the trailer is said before the end', async () => {
    const script = new Script(true);
    const source = (async function* () {
      yield* [START, piece('{"a":1}'), { ...START, backend: 'openai:gpt' }, piece('{"b":2}'), USAGE];
    })();
    await deliver({
      parts: source,
      sink: script,
      signal: new AbortController().signal,
      recording: script.recording,
      logger: createLogger('test', 'silent'),
      trailer: () => 'switchyard-resumed: local:tiny (upstream_error) -> openai:gpt',
    });
    expect(script.calls).toEqual([
      'note start',
      'start',
      'note rendered',
      'write {"a":1}',
      'note start',
      'note rendered',
      'write {"b":2}',
      'note usage',
      'answered',
      'comment switchyard-resumed: local:tiny (upstream_error) -> openai:gpt',
      'end',
      'finish 200',
    ]);
  });
});
