/**
 * Records every attempt this process makes to reach a host other than loopback, so that a client
 * test can assert that nothing (a request, a telemetry export, a DNS lookup) tried to leave the
 * machine. It listens on Node's diagnostics channels, which see all of the process's connections
 * whatever realm made them: `fetch` (undici, used by the openai SDK, the Vercel AI SDK, LangSmith and
 * the Agents SDK's trace exporter), `http`/`https` requests, and plain `net` sockets. Nothing is
 * blocked: the machine has no network, so an attempt fails by itself; the guard makes it a failure of
 * the test rather than a log line or a hang.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)$/i;

export interface NetworkGuard {
  /** `channel host` for each attempt to reach a host that is not loopback, in order. */
  readonly attempts: string[];
  stop(): void;
}

export function watchNetwork(): NetworkGuard {
  const attempts: string[] = [];
  const note = (channel: string, host: unknown): void => {
    if (typeof host === 'string' && host !== '' && !LOOPBACK.test(host)) attempts.push(`${channel} ${host}`);
  };
  const listeners: [string, (message: unknown) => void][] = [
    // fetch: fired before undici opens a connection, with the host it is about to resolve.
    ['undici:client:beforeConnect', (m) => note('fetch', (m as { connectParams: { hostname: string } }).connectParams.hostname)],
    ['http.client.request.start', (m) => note('http', (m as { request: ClientRequest }).request.host)],
    // net: a socket is announced before it connects; its lookup and connection attempts name the peer.
    [
      'net.client.socket',
      (m) => {
        const socket = (m as { socket: Socket }).socket;
        socket.on('lookup', (_err: Error | null, _address: string, _family: number, host: string) => note('dns', host));
        socket.on('connectionAttempt', (ip: string) => note('net', ip));
      },
    ],
  ];
  for (const [name, listener] of listeners) diagnosticsChannel.subscribe(name, listener);
  return {
    attempts,
    stop: () => {
      for (const [name, listener] of listeners) diagnosticsChannel.unsubscribe(name, listener);
    },
  };
}
