import { loadConfigOrExit, type SwitchyardConfig } from '@switchyard/config';
import { createLogger, type Logger } from '@switchyard/observability';
import { bootstrapService, type BootstrapOptions } from './bootstrap';
import { installLeanAsyncResourceBind } from './lean-async-bind';

/** What an app adds to the common start-up: its module, where it listens, and any HTTP set-up. */
export type ServiceDefinition = Omit<BootstrapOptions, 'service' | 'logger'>;

/**
 * An app's whole `main`: loads and validates the configuration (exiting with a clear message when it
 * is wrong), creates the service's logger, starts the app, and exits with status 1 if that fails.
 */
export function launchService(service: string, define: (config: SwitchyardConfig, logger: Logger) => ServiceDefinition): void {
  installLeanAsyncResourceBind();
  const config = loadConfigOrExit(service);
  const logger = createLogger(service, config.log.level);
  let definition: ServiceDefinition;
  try {
    definition = define(config, logger);
  } catch (error) {
    process.stderr.write(`[${service}] ${(error as Error).message}\n`);
    process.exit(1);
  }
  bootstrapService({ service, logger, ...definition }).catch((error: unknown) => {
    logger.fatal({ err: error }, `${service} failed to start`);
    process.exit(1);
  });
}
