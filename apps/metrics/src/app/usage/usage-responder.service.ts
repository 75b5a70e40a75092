import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUE_GROUPS, SUBJECTS, UsageQuerySchema, type UsageReply } from '@switchyard/contracts';
import { BUS, decodeJson, encodeJson, type BusTransport, type Closeable } from '@switchyard/nats';
import { toHttpError } from '@switchyard/openai';
import { UsageService } from './usage.service';

/**
 * Serves usage queries on `SUBJECTS.metricsUsage` (one replica of the queue group answers), with the
 * status and body `GET /v1/usage` would give, so a gateway can proxy them. Like every internal subject
 * it trusts the bus: who may publish on NATS is decided by NATS accounts and network policy.
 */
@Injectable()
export class UsageResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Closeable | undefined;

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    private readonly usage: UsageService,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.serve(
      SUBJECTS.metricsUsage,
      async (message) => {
        let params: Record<string, unknown>;
        try {
          params = decodeJson(message.data, UsageQuerySchema.strict());
        } catch {
          const error = toHttpError('invalid_request', 'A usage query is a JSON object with optional string fields key, from and to.');
          return encodeJson({ status: error.status, body: error.body } satisfies UsageReply);
        }
        return encodeJson(await this.usage.query(params));
      },
      { queue: QUEUE_GROUPS.metrics },
    );
  }

  onApplicationShutdown(): void {
    this.subscription?.close();
  }
}
