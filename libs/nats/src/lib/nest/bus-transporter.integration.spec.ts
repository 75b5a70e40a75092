import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { BusRoutes } from '@switchyard/contracts';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { NoRespondersError, RemoteHandlerError } from '../errors';
import { decodeText, encodeText } from '../json';
import { NatsTransport } from '../nats-transport';
import { BusClient } from './bus-client';
import { BusContext } from './bus-context';
import { BusRecord } from './bus-record';
import { BusServer } from './bus-server';
import { iterate } from '../iterate';
import { observe } from './observables';

// Subjects of this run only: the test NATS server may be shared with other suites.
const run = `t${process.pid}${Date.now().toString(36)}`;
const ROUTES: BusRoutes = {
  words: { shared: `test.${run}.words`, queue: `test-${run}`, replica: (id) => `test.${run}.${id}.words`, stream: true },
  echo: { shared: `test.${run}.echo`, queue: `test-${run}` },
  said: { shared: `test.${run}.said` },
};
const REPLICA = Symbol('REPLICA');

/** What the replicas' handlers saw, for the tests to check. */
const seen = { cancelled: [] as string[], heard: [] as string[] };

@Controller()
class WordsController {
  constructor(@Inject(REPLICA) private readonly replica: string) {}

  /** Streams the payload's words as `<replica>:<word>`; `hang` waits after the first word until cancelled; `refuse` fails. */
  @MessagePattern('words')
  words(@Payload() data: Uint8Array, @Ctx() context: BusContext): Observable<Uint8Array> {
    const text = decodeText(data);
    if (text === 'refuse') throw new RpcException('no words today');
    const replica = this.replica;
    return observe(async function* (signal) {
      for (const word of text.split(' ')) {
        if (word === 'hang') {
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          seen.cancelled.push(`${replica}:${context.getHeaders()['x-test'] ?? ''}`);
          return;
        }
        yield encodeText(`${replica}:${word}`);
      }
    });
  }

  @MessagePattern('echo')
  echo(@Payload() data: Uint8Array): Uint8Array {
    return encodeText(`${this.replica} heard ${decodeText(data)}`);
  }

  @EventPattern('said')
  said(@Payload() data: Uint8Array): void {
    seen.heard.push(`${this.replica}:${decodeText(data)}`);
  }
}

@Module({})
class ReplicaModule {
  static register(replica: string): DynamicModule {
    return { module: ReplicaModule, controllers: [WordsController], providers: [{ provide: REPLICA, useValue: replica }] };
  }
}

describe('the bus as a NestJS transport (BusServer, BusClient) on a real NATS server', () => {
  let nats: TestNats;
  let clientBus: NatsTransport;
  let client: BusClient;
  const buses: NatsTransport[] = [];
  const servers = new Map<string, BusServer>();
  const apps: INestMicroservice[] = [];

  async function replica(id: string): Promise<void> {
    const bus = await NatsTransport.connect({ url: nats.url, name: `replica-${id}`, sweepMs: 20 });
    buses.push(bus);
    const server = new BusServer(bus, { replicaId: id, routes: ROUTES });
    servers.set(id, server);
    const moduleRef = await Test.createTestingModule({ imports: [ReplicaModule.register(id)] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: server, logger: false });
    apps.push(app);
    await app.listen();
  }

  async function collect(record: BusRecord): Promise<string[]> {
    const words: string[] = [];
    for await (const chunk of iterate<Uint8Array>(client.send('words', record))) words.push(decodeText(chunk));
    return words;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    clientBus = await NatsTransport.connect({ url: nats.url, name: 'transporter-client', sweepMs: 20 });
    client = new BusClient(clientBus, ROUTES);
    await replica('a');
    await replica('b');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const bus of buses) await bus.close(0);
    await clientBus.close(0);
    await nats.stop();
  });

  it('streams a handler’s Observable back chunk by chunk from the replica it is addressed to', async () => {
    expect(await collect(new BusRecord(encodeText('once upon a time'), { to: 'b' }))).toEqual(['b:once', 'b:upon', 'b:a', 'b:time']);
    expect(await collect(new BusRecord(encodeText('there was'), { to: 'a' }))).toEqual(['a:there', 'a:was']);
  });

  it('sends a message with no address to one replica of the queue group', async () => {
    const words = await collect(new BusRecord(encodeText('one two three')));
    expect(words).toHaveLength(3);
    const replicas = new Set(words.map((word) => word.split(':')[0]));
    expect(replicas.size).toBe(1);
    expect(['a', 'b']).toContain([...replicas][0]);
  });

  it('cancels the handler when the requester unsubscribes', async () => {
    const record = new BusRecord(encodeText('first hang never'), { to: 'a', headers: { 'x-test': 'cancel-1' } });
    const words: string[] = [];
    for await (const chunk of iterate<Uint8Array>(client.send('words', record))) {
      words.push(decodeText(chunk));
      break;
    }
    expect(words).toEqual(['a:first']);
    await waitFor(() => seen.cancelled.includes('a:cancel-1'), 2_000, 'the handler to be cancelled');
  });

  it('cancels the handler when the requester’s signal aborts', async () => {
    const controller = new AbortController();
    const record = new BusRecord(encodeText('first hang'), { to: 'b', headers: { 'x-test': 'cancel-2' } });
    const reading = (async () => {
      for await (const chunk of iterate<Uint8Array>(client.send('words', record), controller.signal)) {
        if (decodeText(chunk) === 'b:first') controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow('stream aborted by requester');
    await waitFor(() => seen.cancelled.includes('b:cancel-2'), 2_000, 'the handler to be cancelled');
  });

  it('fails the requester’s Observable with an RpcException’s message', async () => {
    const failure = collect(new BusRecord(encodeText('refuse'), { to: 'a' }));
    await expect(failure).rejects.toBeInstanceOf(RemoteHandlerError);
    await expect(failure).rejects.toThrow('no words today');
  });

  it('answers a plain request with the handler’s one value', async () => {
    const reply = await firstValueFrom(client.send<Uint8Array>('echo', new BusRecord(encodeText('hello'), { timeoutMs: 2_000 })));
    expect(decodeText(reply)).toMatch(/^[ab] heard hello$/);
  });

  it('delivers an emitted event to every replica', async () => {
    await firstValueFrom(client.emit('said', new BusRecord(encodeText('hi all'))), { defaultValue: undefined });
    await waitFor(() => seen.heard.includes('a:hi all') && seen.heard.includes('b:hi all'), 2_000, 'both replicas to hear the event');
  });

  it('stops taking a pattern on a replica that stops serving it, and the others go on', async () => {
    servers.get('b')?.stop('words');
    await buses[1].flush();
    await expect(collect(new BusRecord(encodeText('anyone'), { to: 'b' }))).rejects.toBeInstanceOf(NoRespondersError);
    expect(await collect(new BusRecord(encodeText('still here')))).toEqual(['a:still', 'a:here']);
  });
});
