// How the harness's own HTTP servers (fake upstream, raw proxy) run as child processes: long keep-alive, no
// request timeout, a deep accept backlog; the chosen port announced as one JSON line on stdout; SIGTERM ends them.
export function serveAsChild(server, port) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
