/**
 * A bug that throws after the request body was read (on a later turn, where no framework catches)
 * is the exchange's generic 500, logged, and the server goes on answering — not an uncaught
 * exception that ends the process.
 */
import request from 'supertest';
import { createEmulator } from '../../src/index';
import { createHttpApp } from '../../src/http/app';

test('a throw while noting the read body is answered as the generic 500', async () => {
  const core = createEmulator({ seed: 'after-body' });
  const logged: string[] = [];
  const app = createHttpApp(core);
  jest.spyOn(core.log, 'error').mockImplementation((_obj, message) => void logged.push(String(message)));
  const updated = jest.spyOn(core.journal, 'updated').mockImplementationOnce(() => {
    throw new Error('a bug in the journal');
  });
  const failed = await request(app).post('/v1/responses').send({ model: 'gpt-4o-mini', input: 'hello' });
  expect(updated).toHaveBeenCalled();
  expect(failed.status).toBe(500);
  expect(failed.body.error.type).toBe('server_error');
  expect(JSON.stringify(failed.body)).not.toContain('a bug in the journal');
  expect(logged.length).toBeGreaterThan(0);
  const next = await request(app).post('/v1/responses').send({ model: 'gpt-4o-mini', input: 'hello again' });
  expect(next.status).toBe(200);
});
