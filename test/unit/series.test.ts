/** `series`: several middleware functions as one Express layer, with Express's error semantics. */
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { series } from '../../src/http/series';

function appWith(...steps: RequestHandler[]) {
  const app = express();
  app.use(series(...steps));
  app.get('/', (_req, res) => {
    res.json({ steps: res.locals.steps ?? [] });
  });
  app.use(((err, _req, res, _next) => {
    res.status(500).json({ error: (err as Error).message, steps: res.locals.steps ?? [] });
  }) as express.ErrorRequestHandler);
  return app;
}

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    (res.locals.steps ??= []).push(name);
    next();
  };

describe('series', () => {
  test('runs every step in order, then the next layer', async () => {
    const res = await request(appWith(mark('a'), mark('b'), mark('c'))).get('/');
    expect(res.body).toEqual({ steps: ['a', 'b', 'c'] });
  });

  test('next(err) skips the remaining steps to the error handler', async () => {
    const fail: RequestHandler = (_req, _res, next) => next(new Error('refused'));
    const res = await request(appWith(mark('a'), fail, mark('never'))).get('/');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'refused', steps: ['a'] });
  });

  test('a step that throws, at once or in a later callback, is an error', async () => {
    const throwNow: RequestHandler = () => {
      throw new Error('now');
    };
    expect((await request(appWith(mark('a'), throwNow)).get('/')).body).toEqual({ error: 'now', steps: ['a'] });
    const later: RequestHandler = (_req, _res, next) => void setTimeout(() => next(), 5);
    const throwAfterLater: RequestHandler = () => {
      throw new Error('after a timer');
    };
    expect((await request(appWith(later, throwAfterLater)).get('/')).body).toEqual({ error: 'after a timer', steps: [] });
  });

  test('a step whose promise rejects is an error', async () => {
    const rejects: RequestHandler = async () => {
      throw new Error('rejected');
    };
    expect((await request(appWith(mark('a'), rejects, mark('never'))).get('/')).body).toEqual({ error: 'rejected', steps: ['a'] });
  });

  test('a step that answers ends the request there', async () => {
    const answer: RequestHandler = (_req, res) => void res.status(204).end();
    const res = await request(appWith(mark('a'), answer, mark('never'))).get('/');
    expect(res.status).toBe(204);
  });
});
