/** A WebSocket-mode exchange driven by its own frames (no timers): send frames, collect until enough terminal frames. */
import WebSocket from 'ws';

type Json = Record<string, unknown>;

/** Opens `url`, sends `frames`, and resolves with every frame received once `terminals` response.completed/error frames came. */
export function wsExchange(url: string, frames: Json[], terminals: number): Promise<Json[]> {
  const socket = new WebSocket(url);
  const received: Json[] = [];
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`socket closed after ${received.length} frames: ${JSON.stringify(received.slice(-2))}`)));
    socket.on('open', () => frames.forEach((f) => socket.send(JSON.stringify(f))));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Json;
      received.push(frame);
      if (received.filter((f) => f.type === 'response.completed' || f.type === 'error').length === terminals) {
        resolve(received);
        socket.close();
      }
    });
  });
}
