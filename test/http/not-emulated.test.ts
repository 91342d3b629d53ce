/**
 * What the emulator does not serve (README "What is not emulated"): every one of these OpenAI paths
 * answers 404 with the API's error shape and its "Invalid URL (METHOD /path)" message, under /v1 and
 * at the root, whatever the body — never a 500, never a made-up object.
 */
import request from 'supertest';
import { createApp } from '../../src/index';

/** One request per API family the README lists as not emulated. */
const NOT_EMULATED: [method: 'get' | 'post' | 'delete', path: string][] = [
  ['post', '/chat/completions'],
  ['get', '/chat/completions'],
  ['post', '/completions'],
  ['post', '/embeddings'],
  ['post', '/files'],
  ['get', '/files'],
  ['get', '/files/file-abc123/content'],
  ['post', '/uploads'],
  ['post', '/vector_stores'],
  ['get', '/vector_stores/vs_abc123/files'],
  ['post', '/vector_stores/vs_abc123/search'],
  ['post', '/assistants'],
  ['post', '/audio/speech'],
  ['post', '/audio/transcriptions'],
  ['post', '/audio/translations'],
  ['post', '/images/generations'],
  ['post', '/images/edits'],
  ['post', '/images/variations'],
  ['post', '/fine_tuning/jobs'],
  ['post', '/batches'],
  ['post', '/moderations'],
  ['post', '/realtime/sessions'],
  ['post', '/realtime/client_secrets'],
  ['post', '/containers'],
  ['post', '/videos'],
  ['post', '/evals'],
  ['get', '/organization/usage/completions'],
];

describe('endpoints that are not emulated', () => {
  const app = createApp({ seed: 'scope' });

  test.each(NOT_EMULATED)('%s %s → 404 invalid_request_error, under /v1 and at the root', async (method, path) => {
    for (const url of [`/v1${path}`, path]) {
      const res = await request(app)[method](url).set('authorization', 'Bearer sk-test').send(method === 'get' ? undefined : { model: 'gpt-4o', input: 'hi' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { message: `Invalid URL (${method.toUpperCase()} ${url})`, type: 'invalid_request_error', param: null, code: null } });
    }
  });

  test('/v1/threads belongs to the Aitronos dialect, not to the Assistants API', async () => {
    // OpenAI's Assistants threads live at the same path; the emulator answers there as Aitronos does.
    const res = await request(app).get('/v1/threads/thread_abc123').set('authorization', 'Bearer sk-test').expect(404);
    expect(res.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    const runs = await request(app).post('/v1/threads/thread_abc123/runs').set('authorization', 'Bearer sk-test').send({ assistant_id: 'asst_abc' });
    expect(runs.status).toBeGreaterThanOrEqual(400);
    expect(runs.status).toBeLessThan(500);
  });

  test('what the Responses API takes from those APIs is accepted without them: a file_id, any vector store', async () => {
    const withFile = await request(app)
      .post('/v1/responses')
      .send({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarize this' }, { type: 'input_file', file_id: 'file-abc123' }] }] })
      .expect(200);
    expect(withFile.body.status).toBe('completed');
    const search = await request(app)
      .post('/v1/responses')
      .send({ model: 'gpt-4o', input: 'Search my docs for the manual', tools: [{ type: 'file_search', vector_store_ids: ['vs_never_created'] }] })
      .expect(200);
    expect(search.body.output[0].type).toBe('file_search_call');
  });
});
