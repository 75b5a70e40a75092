import OpenAI from 'openai';
import { HEADERS } from '@switchyard/contracts';
import { sleep, within } from '../fault-kit';

/**
 * How one request ended, as its client saw it:
 * - `completed`: a 2xx and a whole answer (a finish reason; for a stream, the usage chunk after it too);
 * - `clear`: an OpenAI-shaped error, as an HTTP status or as an error event inside the stream;
 * - `hung`: nothing settled it before the client's own deadline, well past the gateway's;
 * - `cut`: the connection was lost (refused or reset) with no answer at all;
 * - `unclear`: anything else (a stream that ended without a finish, an error without OpenAI's shape).
 */
export type Outcome = 'completed' | 'clear' | 'hung' | 'cut' | 'unclear';

export interface Sample {
  streamed: boolean;
  policy: string;
  outcome: Outcome;
  /** Epoch ms when it was sent and when it settled. */
  sentAt: number;
  settledAt: number;
  status?: number;
  /** The OpenAI error code (or type) of a `clear` failure. */
  code?: string;
  requestId?: string;
  /** The `model` of the answer: `auto (selected: …)`. */
  model?: string;
  /** What went wrong, for `cut`, `hung` and `unclear`. */
  detail?: string;
}

export interface LoadOptions {
  /** The client every virtual user sends through (its `fetch` may spread requests over replicas). */
  client: OpenAI;
  /** Virtual users that stream and that do not; each sends its next request when the last one settled. */
  streaming: number;
  nonStreaming: number;
  /** Routing policies, taken in turn by the virtual users (sent as `x-switchyard-policy`). */
  policies: readonly string[];
  /** The client gives up after this long; a request still open then is `hung`. */
  clientDeadlineMs: number;
  maxTokens: number;
  /** Pause between one user's requests, in ms. */
  pauseMs?: number;
}

interface ErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

/** The error body of an APIError when it has OpenAI's shape (a message and a type). */
function openAIShaped(error: InstanceType<typeof OpenAI.APIError>): ErrorBody | undefined {
  const body = error.error as ErrorBody | undefined;
  return body && typeof body.message === 'string' && body.message !== '' && typeof body.type === 'string' ? body : undefined;
}

/** Transport failures: the socket was refused, reset or closed before an answer was complete. */
function isConnectionLoss(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError && !(error instanceof OpenAI.APIConnectionTimeoutError)) return true;
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
  return /terminated|ECONNRESET|ECONNREFUSED|socket|other side closed|EPIPE/i.test(text);
}

/** The outcome of a failed request. */
export function classifyFailure(error: unknown): Pick<Sample, 'outcome' | 'status' | 'code' | 'detail'> {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { outcome: 'hung', detail: 'client deadline passed' };
  if (error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError)) {
    const body = openAIShaped(error);
    if (body) return { outcome: 'clear', status: error.status, code: String(body.code ?? body.type) };
    return { outcome: 'unclear', status: error.status, detail: `error without OpenAI's shape: ${JSON.stringify(error.error)}` };
  }
  if (isConnectionLoss(error)) return { outcome: 'cut', detail: error instanceof Error ? error.message : String(error) };
  return { outcome: 'unclear', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Sends one chat completion and says how it ended. */
async function sendOne(options: LoadOptions, streamed: boolean, policy: string): Promise<Sample> {
  const sentAt = Date.now();
  const body = { model: 'auto', messages: [{ role: 'user' as const, content: 'Once upon a time' }], max_tokens: options.maxTokens };
  const request = { headers: { [HEADERS.policy]: policy }, timeout: options.clientDeadlineMs };
  let requestId: string | undefined;
  let model: string | undefined;
  const sample = (rest: Pick<Sample, 'outcome'> & Partial<Sample>): Sample => ({ streamed, policy, sentAt, settledAt: Date.now(), requestId, model, ...rest });
  const work = async (): Promise<Sample> => {
    try {
      if (streamed) {
        const { data, response } = await options.client.chat.completions
          .create({ ...body, stream: true, stream_options: { include_usage: true } }, request)
          .withResponse();
        requestId = response.headers.get(HEADERS.requestId) ?? undefined;
        let finished = false;
        let usage = false;
        for await (const chunk of data) {
          model ??= chunk.model;
          if (chunk.choices[0]?.finish_reason) finished = true;
          if (chunk.usage) usage = true;
        }
        const whole = finished && usage;
        return sample({ outcome: whole ? 'completed' : 'unclear', status: response.status, detail: whole ? undefined : `stream ended without ${finished ? 'usage' : 'a finish reason'}` });
      }
      const { data, response } = await options.client.chat.completions.create(body, request).withResponse();
      requestId = response.headers.get(HEADERS.requestId) ?? undefined;
      model = data.model;
      const whole = data.choices[0]?.finish_reason !== undefined && data.usage !== undefined;
      return sample({ outcome: whole ? 'completed' : 'unclear', status: response.status, detail: whole ? undefined : 'answer without finish reason or usage' });
    } catch (error) {
      requestId ??= error instanceof OpenAI.APIError ? (error.headers?.get(HEADERS.requestId) ?? undefined) : undefined;
      return sample(classifyFailure(error));
    }
  };
  return within(options.clientDeadlineMs + 5_000, 'a load request', work()).catch((error: Error) => sample({ outcome: 'hung', detail: error.message }));
}

/**
 * Steady load from virtual users, each sending its next chat completion as soon as the last settled:
 * the requests that are in flight whenever a fault strikes.
 */
export class SteadyLoad {
  readonly samples: Sample[] = [];
  private running = true;
  private readonly users: Promise<void>[];

  private constructor(private readonly options: LoadOptions) {
    const total = options.streaming + options.nonStreaming;
    this.users = Array.from({ length: total }, (_, i) => this.user(i < options.streaming, options.policies[i % options.policies.length]));
  }

  static start(options: LoadOptions): SteadyLoad {
    return new SteadyLoad(options);
  }

  private async user(streamed: boolean, policy: string): Promise<void> {
    while (this.running) {
      this.samples.push(await sendOne(this.options, streamed, policy));
      if (this.options.pauseMs) await sleep(this.options.pauseMs);
    }
  }

  /** Stops sending; resolves with every sample once the requests in flight have settled. */
  async stop(): Promise<Sample[]> {
    this.running = false;
    await Promise.all(this.users);
    return this.samples;
  }
}
