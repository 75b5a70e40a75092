// Whether a NATS server answers at host:port: it greets every new connection with an INFO line.
import { createConnection } from 'node:net';

export function natsAnswersAt(host, port, timeoutMs = 1000) {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('data', (data) => {
      socket.destroy();
      done(data.toString().startsWith('INFO'));
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
  });
}
