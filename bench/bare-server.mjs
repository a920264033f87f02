// The benchmark's ceiling: a bare Fastify 5 server answering the page URL with fixed bytes (the
// page view's HTML, read once from BODY_FILE), so the only difference from Quire is Quire's work.
import fs from 'node:fs';
import Fastify from 'fastify';

const body = fs.readFileSync(process.env.BODY_FILE ?? '', 'utf8');
const app = Fastify({ logger: false });

app.get('/_/health', async () => ({ status: 'ok' }));
app.get('/*', (_request, reply) => {
  reply.type('text/html; charset=utf-8').send(body);
});

const close = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
