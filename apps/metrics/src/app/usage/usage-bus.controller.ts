import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern } from '@nestjs/microservices';
import { PATTERNS, UsageQuerySchema, type UsageReply } from '@switchyard/contracts';
import { BusContext, decodeJson, encodeJson } from '@switchyard/nats';
import { toHttpError } from '@switchyard/openai';
import { UsageService } from './usage.service';

/**
 * Answers usage queries on the bus (one replica of the queue group answers), with the status and body
 * `GET /v1/usage` would give, so a gateway can proxy them. Like every internal message it trusts the bus:
 * who may publish on NATS is decided by NATS accounts and network policy.
 */
@Controller()
export class UsageBusController {
  constructor(private readonly usage: UsageService) {}

  @MessagePattern(PATTERNS.metricsUsage)
  async query(@Ctx() context: BusContext): Promise<Uint8Array> {
    let params: Record<string, unknown>;
    try {
      params = decodeJson(context.getMessage().data, UsageQuerySchema.strict());
    } catch {
      const error = toHttpError('invalid_request', 'A usage query is a JSON object with optional string fields key, from and to.');
      return encodeJson({ status: error.status, body: error.body } satisfies UsageReply);
    }
    return encodeJson(await this.usage.query(params));
  }
}
