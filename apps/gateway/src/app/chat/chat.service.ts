import { Inject, Injectable } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { HEADERS, SUBJECTS, StreamPartSchema, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import { BUS, decodeJson, encodeJson, type BusTransport, type MessageHeaders } from '@switchyard/nats';
import type { ChatCompletionRequest } from '@switchyard/openai';
import { busFailureToPart } from '../http/bus-failure';
import { GATEWAY_CONFIG } from '../gateway.constants';

/** How long a working router may stay silent (routers and workers send keepalives every second). */
const ROUTER_IDLE_TIMEOUT_MS = 10_000;

/** Sends chat requests to the router and yields its stream parts; bus failures become error parts. */
@Injectable()
export class ChatService {
  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(GATEWAY_CONFIG) private readonly config: SwitchyardConfig['gateway'],
  ) {}

  async *complete(body: ChatCompletionRequest, requestId: string, traceparent: string | undefined, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const request: InferenceRequest = {
      requestId,
      kind: 'chat',
      body,
      deadline: Date.now() + this.config.requestTimeoutMs,
    };
    const headers: Record<string, string> = { [HEADERS.requestId]: requestId };
    if (traceparent) headers[HEADERS.traceparent] = traceparent;
    try {
      const stream = this.bus.requestStream(SUBJECTS.routerInfer, encodeJson(request), {
        headers: headers as MessageHeaders,
        ackTimeoutMs: this.config.routerAckTimeoutMs,
        idleTimeoutMs: ROUTER_IDLE_TIMEOUT_MS,
        deadline: request.deadline,
        signal,
      });
      for await (const raw of stream) yield decodeJson(raw, StreamPartSchema);
    } catch (error) {
      if (!signal.aborted) yield busFailureToPart(error);
    }
  }
}
