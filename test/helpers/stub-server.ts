/**
 * A stub management API for in-process tests: routes answer canned JSON and every request is
 * recorded, so a test can check what rmqx sent. Not a broker: integration tests use a real one.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** raw path as sent, percent-encoding kept */
  path: string;
  query: string;
  body: unknown;
  headers: IncomingMessage['headers'];
}

export type Reply = { status?: number; body?: unknown; delayMs?: number };
export type Route = (req: Recorded) => Reply | undefined;

export interface Stub {
  url: string;
  requests: Recorded[];
  /** first matching route wins; unmatched requests get 404 */
  on(method: string, path: string | RegExp, reply: Reply | ((req: Recorded) => Reply)): void;
  close(): Promise<void>;
}

export async function startStub(): Promise<Stub> {
  const routes: Array<{ method: string; path: string | RegExp; reply: Reply | ((req: Recorded) => Reply) }> = [];
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const text = Buffer.concat(chunks).toString('utf8');
      const rec: Recorded = {
        method: req.method ?? 'GET',
        path: q < 0 ? raw : raw.slice(0, q),
        query: q < 0 ? '' : raw.slice(q + 1),
        body: text ? JSON.parse(text) : undefined,
        headers: req.headers,
      };
      requests.push(rec);
      const route = routes.find((r) => r.method === rec.method && (typeof r.path === 'string' ? r.path === rec.path : r.path.test(rec.path)));
      const reply = route ? (typeof route.reply === 'function' ? route.reply(rec) : route.reply) : { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };
      const send = () => {
        const status = reply.status ?? 200;
        if (reply.body === undefined) {
          res.writeHead(status).end();
        } else {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, reply) {
      routes.push({ method, path, reply });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
