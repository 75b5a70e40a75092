import { BaseRpcContext } from '@nestjs/microservices';
import type { InboundMessage, MessageHeaders } from '../transport';

/** What a bus handler gets besides the payload (`@Ctx()`): the message, and the signal that aborts when its requester leaves. */
export class BusContext extends BaseRpcContext<[InboundMessage, AbortSignal]> {
  /** The message as received: subject, payload, headers, reply subject. */
  getMessage(): InboundMessage {
    return this.args[0];
  }

  getHeaders(): MessageHeaders {
    return this.args[0].headers;
  }

  /** Aborts when the requester cancels or goes away (streams), never for events and plain requests. */
  getSignal(): AbortSignal {
    return this.args[1];
  }
}
