import { BoundedLabel } from './bounded-label';
import { hashKeyId } from './key-hash';

/** The label value of a request no backend answered (or a route that selected none). */
export const NONE = 'none';

/**
 * Turns event fields into label values whose sets stay bounded: models, backends, providers and
 * key hashes each keep at most `limit` distinct values (then `other`); key ids are hashed.
 */
export class MetricLabels {
  private readonly models: BoundedLabel;
  private readonly backends: BoundedLabel;
  private readonly providers: BoundedLabel;
  private readonly keys: BoundedLabel;

  constructor(limit: number) {
    this.models = new BoundedLabel(limit);
    this.backends = new BoundedLabel(limit);
    this.providers = new BoundedLabel(limit);
    this.keys = new BoundedLabel(limit);
  }

  /** A requested model; a name not seen before is admitted only when it was `served` (a backend answered it). */
  model(requested: string, served: boolean): string {
    return this.models.value(requested, served);
  }

  /** A backend (`local:stories260k`), or `none`. */
  backend(backend: string | null): string {
    return backend === null || backend === '' ? NONE : this.backends.value(backend);
  }

  /** A cloud provider's name. */
  provider(provider: string): string {
    return this.providers.value(provider);
  }

  /** An API key id, hashed. */
  keyId(keyId: string): string {
    return this.keys.value(hashKeyId(keyId));
  }
}
