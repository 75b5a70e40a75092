// One hop of the bus-floor figure, as its own Node process: `answer` replies to every request on its subject
// with a payload of the given size; `forward` passes each request on to the next subject, keeping the reply
// subject, so the answer goes straight back to the one that asked (as Switchyard's worker answers the gateway).
// Plain nats.js, no Switchyard code: what three processes and a nats-server cost at the least.
import { connect } from 'nats';

const [role, url, subject, arg] = process.argv.slice(2);
const nc = await connect({ servers: url, name: `bus-floor-${role}` });
if (role === 'answer') {
  const payload = new Uint8Array(Number(arg));
  nc.subscribe(subject, { callback: (_err, msg) => msg.reply && nc.publish(msg.reply, payload) });
} else if (role === 'forward') {
  nc.subscribe(subject, { callback: (_err, msg) => msg.reply && nc.publish(arg, msg.data, { reply: msg.reply }) });
} else {
  throw new Error(`unknown role ${role}`);
}
await nc.flush();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', async () => {
  await nc.close();
  process.exit(0);
});
