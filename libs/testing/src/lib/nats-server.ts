/**
 * A NATS server for integration tests: a Testcontainers container where a Docker daemon answers,
 * otherwise the server at `NATS_URL` (default `nats://127.0.0.1:4222`).
 */
export interface TestNats {
  url: string;
  /** Stops the container, if one was started. */
  stop(): Promise<void>;
}

/** Where tests reach NATS when no container is started. */
export function natsUrlFromEnv(): string {
  return process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
}

type ContainerModule = {
  NatsContainer: new (image: string) => {
    withArg(name: string, value: string): unknown;
    start(): Promise<{ getConnectionOptions(): { servers: string }; stop(): Promise<unknown> }>;
  };
};

/** Starts NATS in a container if Docker is available, else falls back to `NATS_URL`. */
export async function startTestNats(): Promise<TestNats> {
  if (process.env['SWITCHYARD_TEST_CONTAINERS'] !== '0') {
    try {
      const mod = (await import('@testcontainers/nats')) as unknown as ContainerModule;
      const started = await new mod.NatsContainer('nats:2.10').start();
      return { url: started.getConnectionOptions().servers, stop: async () => void (await started.stop()) };
    } catch {
      // No container runtime here (it fails in a few ms): use the server from the environment.
    }
  }
  return { url: natsUrlFromEnv(), stop: async () => undefined };
}
