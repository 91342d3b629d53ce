/**
 * The replica benchmark's load balancer: a plain node:http proxy sending each request to the next
 * upstream in turn (round robin), over keep-alive connections, streaming bodies both ways. What a
 * fleet would put in front of its replicas (nginx, HAProxy, a cloud balancer), in a few lines.
 * Upstreams: BALANCER_UPSTREAMS, comma-separated base URLs; BALANCER_PORT (default 0: a free one) and
 * BALANCER_HOST (default 127.0.0.1) where it listens. Prints its URL on stdout when listening, as the
 * emulator's CLI does, so the benchmark spawns it the same way. Server-sent events pass through as
 * they come (nothing is buffered).
 */
'use strict';
const http = require('node:http');

const upstreams = (process.env.BALANCER_UPSTREAMS || '').split(',').filter(Boolean).map((u) => new URL(u));
if (upstreams.length === 0) throw new Error('BALANCER_UPSTREAMS is empty');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = http.createServer((req, res) => {
  const target = upstreams[next++ % upstreams.length];
  const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (reply) => {
    res.writeHead(reply.statusCode, reply.headers);
    reply.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
const host = process.env.BALANCER_HOST || '127.0.0.1';
server.listen(Number(process.env.BALANCER_PORT || 0), host, () => console.log(`http://${host}:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
