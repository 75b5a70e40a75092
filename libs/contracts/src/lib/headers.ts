/** Header names carried on NATS messages (and echoed over HTTP where noted). */
export const HEADERS = {
  /** The request id assigned by the gateway; also returned to clients as `x-request-id`. */
  requestId: 'x-request-id',
  /** W3C trace context, when the client sent one. */
  traceparent: 'traceparent',
  /** Client → gateway: the routing policy for this request (`edge-first`, `cloud-first`, `fastest`, `cheapest`). */
  policy: 'x-switchyard-policy',
  /** Client → gateway: `off` keeps a streamed chat completion from being resumed on another backend when its own fails. */
  resume: 'x-switchyard-resume',
  /** Gateway → client: what the router chose and what failed on the way (see `formatRouteHeader`). */
  route: 'x-switchyard-route',
  /** Router → worker: the `model` label and route the worker's start part carries (JSON of `RouteStamp`). */
  routeStamp: 'sy-route-stamp',
  /** Gateway → worker: how to render the client's answer (JSON of `RenderSpec`). */
  render: 'sy-render',
} as const;
