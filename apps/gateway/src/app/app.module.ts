import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Logger } from '@switchyard/observability';
import { BUS, BUS_SERVER, BusServer, type BusTransport } from '@switchyard/nats';
import { AdminToken, adminDisabledMessage, BusServiceModule, eventsMaxAgeMs } from '@switchyard/runtime';
import { AccessModule } from './auth/access.module';
import { ConsoleApiController } from './console/console-api.controller';
import { CONSOLE_ADMIN, CONSOLE_SETTINGS } from './console/console.constants';
import { ConsoleFeed } from './console/console-feed';
import { ConsoleFeedController } from './console/console-feed.controller';
import { consoleSettings } from './console/console-settings';
import { ChatCompletionsController } from './chat/chat-completions.controller';
import { CompletionsController } from './completions/completions.controller';
import { EmbeddingsController } from './embeddings/embeddings.controller';
import { GatewayBusController } from './inference/gateway-bus.controller';
import { InferenceClient } from './inference/inference.client';
import { RouterDirectory } from './inference/router-directory';
import { ChatWebSocketServer } from './websocket/chat-websocket.server';
import { GATEWAY_CONFIG, LOGGER } from './gateway.constants';
import { MessagesController } from './messages/messages.controller';
import { ModelsController } from './models/models.controller';
import { ResponseStore, RESPONSE_STORE_SETTINGS, responseStoreSettings } from './responses/response-store';
import { ResponsesController } from './responses/responses.controller';
import { StoredResponsesController } from './responses/stored-responses.controller';
import { ModelsService } from './models/models.service';
import { UsageRecorder } from './usage/usage-recorder';
import { HttpAnswers } from './reply/http-answers';

@Module({})
export class AppModule {
  static register(config: SwitchyardConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AccessModule.register(config, logger),
        BusServiceModule.register({
          service: 'gateway',
          nats: config.nats,
          metricsScrapeToken: config.metrics.scrapeToken,
          shutdownGraceMs: config.shutdown.graceMs,
          events: { logger, maxAgeMs: eventsMaxAgeMs(config) },
          controllers: [ChatCompletionsController, CompletionsController, EmbeddingsController, MessagesController, ResponsesController, StoredResponsesController, ModelsController, GatewayBusController, ConsoleApiController, ConsoleFeedController],
          providers: [
            { provide: GATEWAY_CONFIG, useValue: config.gateway },
            { provide: LOGGER, useValue: logger },
            { provide: BUS_SERVER, inject: [BUS], useFactory: (bus: BusTransport) => new BusServer(bus) },
            InferenceClient,
            RouterDirectory,
            ChatWebSocketServer,
            ModelsService,
            UsageRecorder,
            HttpAnswers,
            { provide: RESPONSE_STORE_SETTINGS, useValue: responseStoreSettings(config) },
            ResponseStore,
            { provide: CONSOLE_SETTINGS, useValue: consoleSettings(config) },
            { provide: CONSOLE_ADMIN, useValue: new AdminToken(config.gateway.adminToken, adminDisabledMessage('The console', 'SWITCHYARD_GATEWAY__ADMIN_TOKEN', 'gateway.adminToken', 'gateway')) },
            ConsoleFeed,
          ],
        }),
      ],
    };
  }
}
