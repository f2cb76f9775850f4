// Baseline for the HTTP benchmark: a bare Fastify hello-world on the same Node.js.
import Fastify from 'fastify';
const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
const addr = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`LISTENING ${addr}\n`);
