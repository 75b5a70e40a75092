/**
 * A client-side load balancer over gateway replicas, as a `fetch` for the openai client: each request
 * goes to the next replica in turn. When a replica cannot be reached or drops the connection before any
 * response header (it was killed), the request is sent to the next one, as a load balancer retries a
 * failed upstream connection; once headers have arrived nothing is resent.
 */
export class RoundRobin {
  private next = 0;

  /** Origins such as `http://127.0.0.1:PORT`; change the list as replicas come and go. */
  constructor(public origins: string[]) {}

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    let lastError: unknown;
    const first = this.next++;
    for (let tried = 0; tried < this.origins.length; tried++) {
      const origin = new URL(this.origins[(first + tried) % this.origins.length]);
      url.protocol = origin.protocol;
      url.host = origin.host;
      try {
        return await fetch(url, init);
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        lastError = error;
      }
    }
    throw lastError;
  };
}
