/**
 * The client tests rely on the network guard to prove that nothing left the machine; this checks that
 * it does see an attempt through each route (fetch, http, net) and ignores loopback. Each attempt is
 * aborted as soon as the guard has seen it, so nothing waits on a network that is not there.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import net from 'node:net';
import { startEmulator } from '../../src/index';
import { watchNetwork, type NetworkGuard } from '../helpers/network-guard';

// TEST-NET-2 (RFC 5737): reserved for documentation, never routed to a real host.
const OUTSIDE = '198.51.100.7';

let guard: NetworkGuard;
beforeEach(() => {
  guard = watchNetwork();
});
afterEach(() => guard.stop());

/** Resolves at the first message on `channel`. */
function next(channel: string): Promise<unknown> {
  return new Promise((resolve) => {
    const once = (message: unknown): void => {
      diagnosticsChannel.unsubscribe(channel, once);
      resolve(message);
    };
    diagnosticsChannel.subscribe(channel, once);
  });
}

test('fetch to a host outside the machine is recorded before it connects', async () => {
  const controller = new AbortController();
  const seen = next('undici:client:beforeConnect').then(() => controller.abort());
  const outcome = fetch(`http://${OUTSIDE}/v1/traces/ingest`, { signal: controller.signal }).catch((e: Error) => e);
  await seen;
  expect(((await outcome) as Error).name).toBe('AbortError');
  expect(guard.attempts).toContain(`fetch ${OUTSIDE}`);
});

test('an http request and a net socket to a host outside are recorded', async () => {
  const started = next('http.client.request.start');
  const request = http.get({ host: OUTSIDE, port: 80 });
  request.on('error', () => undefined);
  await started;
  request.destroy();
  const socket = net.connect({ host: OUTSIDE, port: 80 });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connectionAttempt', () => resolve()));
  socket.destroy();
  expect(guard.attempts).toEqual(expect.arrayContaining([`http ${OUTSIDE}`, `net ${OUTSIDE}`]));
});

test('loopback traffic (a started emulator) is not an attempt', async () => {
  const emulator = await startEmulator({ port: 0 });
  try {
    const response = await fetch(`${emulator.baseURL}/models`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(200);
  } finally {
    await emulator.close();
  }
  expect(guard.attempts).toEqual([]);
});

test('stop() stops recording', async () => {
  guard.stop();
  const started = next('http.client.request.start');
  const request = http.get({ host: OUTSIDE, port: 80 });
  request.on('error', () => undefined);
  await started;
  request.destroy();
  expect(guard.attempts).toEqual([]);
});
