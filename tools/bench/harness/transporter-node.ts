// One side of the transporter figure, as its own Node process (run with `node -r @swc-node/register`):
//   serve <raw|nest> <url>  answers worker-infer requests with four chunks the size of a worker's parts;
//   ask <raw|nest> <url> <inFlight> <seconds>  keeps that many requests in flight, then prints how many ended.
// `raw` uses Switchyard's BusTransport directly (requestStream / serveStream), as the services did before the
// NestJS transport; `nest` goes through BusClient and a NestJS microservice on BusServer with a
// @MessagePattern controller returning an Observable, as the services do now. Same connection, same protocol:
// the difference in CPU is the transporter's own.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { PATTERNS, workerInferSubject } from '@switchyard/contracts';
import { BusClient, BusRecord, BusServer, iterate, NatsTransport, observe } from '@switchyard/nats';
import type { Observable } from 'rxjs';

const REPLICA = 'transporter-bench';
const REQUEST = new Uint8Array(400).fill(97);
const CHUNKS = [170, 60, 50, 110].map((size) => new Uint8Array(size).fill(98));
const OPTIONS = { ackTimeoutMs: 5_000, idleTimeoutMs: 5_000 };

async function* answer(): AsyncGenerator<Uint8Array> {
  for (const chunk of CHUNKS) yield chunk;
}

@Controller()
class AnswerController {
  @MessagePattern(PATTERNS.workerInfer)
  infer(): Observable<Uint8Array> {
    return observe(() => answer());
  }
}

@Module({ controllers: [AnswerController] })
class AnswerModule {}

async function serve(mode: string, bus: NatsTransport): Promise<void> {
  if (mode === 'raw') {
    bus.serveStream(workerInferSubject(REPLICA), () => answer());
    await bus.flush();
    return;
  }
  const app = await NestFactory.createMicroservice(AnswerModule, { strategy: new BusServer(bus, { replicaId: REPLICA }), logger: false });
  await app.listen();
}

/** One request to the end of its stream. */
function ask(mode: string, bus: NatsTransport, client: BusClient): Promise<void> {
  const chunks =
    mode === 'raw'
      ? bus.requestStream(workerInferSubject(REPLICA), REQUEST, OPTIONS)
      : iterate<Uint8Array>(client.send(PATTERNS.workerInfer, new BusRecord(REQUEST, { to: REPLICA, ...OPTIONS })));
  return (async () => {
    for await (const chunk of chunks) if (chunk.length === 0) throw new Error('empty chunk');
  })();
}

async function load(mode: string, bus: NatsTransport, inFlight: number, seconds: number): Promise<number> {
  const client = new BusClient(bus);
  const until = Date.now() + seconds * 1_000;
  let ended = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) {
        await ask(mode, bus, client);
        ended++;
      }
    }),
  );
  return ended;
}

async function main(): Promise<void> {
  const [role, mode, url, inFlight, seconds] = process.argv.slice(2);
  const bus = await NatsTransport.connect({ url, name: `transporter-${role}-${mode}` });
  if (role === 'serve') {
    await serve(mode, bus);
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    process.once('SIGTERM', () => void bus.close(0).then(() => process.exit(0)));
    return;
  }
  await load(mode, bus, Number(inFlight), 1);
  process.stdout.write(`${JSON.stringify({ measuring: true })}\n`);
  const ended = await load(mode, bus, Number(inFlight), Number(seconds));
  process.stdout.write(`${JSON.stringify({ ended })}\n`);
  await bus.close(0);
  process.exit(0);
}

void main();
