import OpenAI from 'openai';
import { HEADERS, parseRouteHeader, SUBJECTS, UsageEventSchema, type UsageEvent, type WorkerHeartbeat } from '@switchyard/contracts';
import { decodeJson, NatsTransport, type Closeable } from '@switchyard/nats';
import { waitFor } from '@switchyard/testing';

/** The `x-switchyard-route` header, parsed. */
export type ParsedRoute = ReturnType<typeof parseRouteHeader>;

/** Rejects when `work` has not settled within `ms`, so that a hang fails the test instead of stalling the run. */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The parsed route header of a response; a missing header is a failure of its own. */
export function routeOf(headers: Headers | undefined): ParsedRoute {
  const value = headers?.get(HEADERS.route);
  if (!value) throw new Error(`the response has no ${HEADERS.route} header`);
  return parseRouteHeader(value);
}

/** One worker as a router replica's `GET /workers` shows it. */
export interface WorkerView {
  heartbeat: WorkerHeartbeat;
  circuit: 'closed' | 'open' | 'half-open';
  inFlightFromHere: number;
}

/** The workers a router replica knows. */
export async function registryOf(routerUrl: string): Promise<WorkerView[]> {
  const res = await fetch(`${routerUrl}/workers`, { signal: AbortSignal.timeout(2_000) });
  return ((await res.json()) as { workers: WorkerView[] }).workers;
}

/** Waits until the router's registry satisfies `check`; returns how long that took, in ms. A timeout shows the registry last seen. */
export async function waitForRegistry(routerUrl: string, check: (workers: WorkerView[]) => boolean, timeoutMs: number, what: string): Promise<number> {
  const from = Date.now();
  let last: WorkerView[] = [];
  try {
    await waitFor(async () => check((last = await registryOf(routerUrl))), timeoutMs, what);
  } catch (error) {
    const seen = last.map((w) => ({ workerId: w.heartbeat.workerId, circuit: w.circuit, inFlight: w.heartbeat.inFlight, upstream: w.heartbeat.upstream }));
    throw new Error(`${(error as Error).message}; the registry last showed ${JSON.stringify(seen)}`);
  }
  return Date.now() - from;
}

/** Every usage event (each carrying its request's route) published on `switchyard.events.usage` while listening. */
export class UsageEvents {
  private constructor(
    private readonly bus: NatsTransport,
    private readonly subscription: Closeable,
    readonly events: UsageEvent[],
  ) {}

  static async listen(natsUrl: string): Promise<UsageEvents> {
    const bus = await NatsTransport.connect({ url: natsUrl, name: 'e2e-usage-events' });
    const events: UsageEvent[] = [];
    const subscription = bus.subscribe(SUBJECTS.usageEvent, (msg) => events.push(decodeJson(msg.data, UsageEventSchema)));
    await bus.flush();
    return new UsageEvents(bus, subscription, events);
  }

  /** The usage event of one request, waiting briefly for it to arrive. */
  async of(requestId: string, timeoutMs = 2_000): Promise<UsageEvent> {
    await waitFor(() => this.events.some((e) => e.requestId === requestId), timeoutMs, `the usage event of ${requestId}`);
    return this.events.find((e) => e.requestId === requestId) as UsageEvent;
  }

  async close(): Promise<void> {
    this.subscription.close();
    await this.bus.close(0);
  }
}

/** Reads a server-sent event stream one event at a time, each read bounded. */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private ended = false;

  constructor(res: Response) {
    if (!res.body) throw new Error('the response has no body');
    this.reader = res.body.getReader();
  }

  /** The data of the next event, or undefined once the stream has ended. */
  async next(timeoutMs: number): Promise<string | undefined> {
    return within(timeoutMs, 'the next server-sent event', this.read());
  }

  /** The data of every event left, until the stream ends. */
  async rest(timeoutMs: number): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    const events: string[] = [];
    for (;;) {
      const event = await this.next(Math.max(1, until - Date.now()));
      if (event === undefined) return events;
      events.push(event);
    }
  }

  private async read(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return block.replace(/^data: /, '');
      }
      if (this.ended) return undefined;
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
}

/** What a client saw of one chat completion. */
export interface Answer {
  status: number;
  /** The completion's `model` (for a stream, the first chunk's). */
  model?: string;
  text: string;
  route: ParsedRoute;
  requestId: string;
  /** Time from sending to the end of the answer, in ms. */
  ms: number;
  error?: InstanceType<typeof OpenAI.APIError>;
}

export interface AskOptions {
  /** Default `auto`. */
  model?: string;
  /** Sent as `x-switchyard-policy`. */
  policy?: string;
  stream?: boolean;
  /** Default 8. */
  maxTokens?: number;
  /** Default 10 s. */
  timeoutMs?: number;
}

/** One chat completion (`ping`) through the openai client, bounded; an API error is an answer too. */
export async function askChat(client: OpenAI, options: AskOptions = {}): Promise<Answer> {
  const sentAt = Date.now();
  const body = { model: options.model ?? 'auto', messages: [{ role: 'user' as const, content: 'ping' }], max_tokens: options.maxTokens ?? 8 };
  const timeout = options.timeoutMs ?? 10_000;
  const request = { headers: options.policy ? { [HEADERS.policy]: options.policy } : {}, timeout };
  const done = (status: number, headers: Headers | undefined, rest: Partial<Answer>): Answer => ({
    status,
    text: '',
    route: routeOf(headers),
    requestId: headers?.get(HEADERS.requestId) ?? '',
    ms: Date.now() - sentAt,
    ...rest,
  });
  const work = async (): Promise<Answer> => {
    try {
      if (options.stream) {
        const { data, response } = await client.chat.completions.create({ ...body, stream: true }, request).withResponse();
        let model: string | undefined;
        let text = '';
        for await (const chunk of data) {
          model ??= chunk.model;
          text += chunk.choices[0]?.delta.content ?? '';
        }
        return done(response.status, response.headers, { model, text });
      }
      const { data, response } = await client.chat.completions.create(body, request).withResponse();
      return done(response.status, response.headers, { model: data.model, text: data.choices[0].message.content ?? '' });
    } catch (error) {
      if (!(error instanceof OpenAI.APIError) || error.status === undefined) throw error;
      return done(error.status, error.headers, { error });
    }
  };
  return within(timeout + 2_000, `a ${body.model} request`, work());
}

/** The sum of every series of `name` in Prometheus text, optionally only those whose labels include `match`. */
export function sumOf(text: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(match).every(([label, value]) => line.includes(`${label}="${value}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
