/** Names of dependencies and whether each is usable now (`{ nats: true }`). */
export type ReadinessReport = Record<string, boolean>;

/** Produces a readiness report; provided by each app under `READINESS_CHECK`. */
export type ReadinessCheck = () => ReadinessReport | Promise<ReadinessReport>;

/** DI token of the app's readiness check. */
export const READINESS_CHECK = Symbol('READINESS_CHECK');

/** DI token of `ServiceInfo`. */
export const SERVICE_INFO = Symbol('SERVICE_INFO');

/** What `/health` says about the process. */
export interface ServiceInfo {
  service: string;
  version: string;
}
