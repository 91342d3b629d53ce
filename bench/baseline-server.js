/**
 * The baseline: a bare Express 5 server on the same machine, answering POST /v1/responses with a
 * fixed Response (parsed body, no validation, no generation, no storage) — the emulator's own reply
 * replayed when the benchmark captured one (BENCH_REPLY_FILE: status, headers and body), else the
 * built-in Response below — and, for streams, writing a fixed SSE transcript as fast as it can.
 * Prints its URL on stdout when listening, as the emulator's CLI does, so both are spawned and timed
 * the same way. Express's defaults are left as they are (ETags, x-powered-by).
 */
'use strict';
const express = require('express');
const { readFileSync } = require('node:fs');

const RESPONSE = {
  id: 'resp_0000000000000000000000000000000000000000000000000',
  object: 'response',
  created_at: 1750000000,
  status: 'completed',
  background: false,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: 'gpt-4o',
  output: [
    {
      id: 'msg_0000000000000000000000000000000000000000000000000',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'A useful way to start with this topic is to separate what matters most from the details. If you compare a few examples side by side, the pattern becomes much clearer.' }],
    },
  ],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: true,
  temperature: 1,
  text: { format: { type: 'text' }, verbosity: 'medium' },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  truncation: 'disabled',
  usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 35, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 47 },
  metadata: {},
};

// A captured reply to replay, the same bytes the emulator sends for the same request.
const reply = process.env.BENCH_REPLY_FILE ? JSON.parse(readFileSync(process.env.BENCH_REPLY_FILE, 'utf8')) : null;

// A captured reply to GET /v1/models/:id (BENCH_GET_REPLY_FILE): the benchmark's floor, a request with no body and no generation.
const getReply = process.env.BENCH_GET_REPLY_FILE ? JSON.parse(readFileSync(process.env.BENCH_GET_REPLY_FILE, 'utf8')) : null;

// An SSE transcript to replay (BENCH_SSE_FILE), the same bytes the emulator sends for the same answer.
const transcript = process.env.BENCH_SSE_FILE ? readFileSync(process.env.BENCH_SSE_FILE, 'utf8') : '';

const app = express();
if (getReply) app.get('/v1/models/:id', (req, res) => res.status(getReply.status).set(getReply.headers).send(getReply.body));
app.use(express.json({ limit: '50mb' }));
app.post(['/v1/responses', '/responses'], (req, res) => {
  if (req.body && req.body.stream) {
    res.status(200).setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    // One write per frame, as a server streaming events would.
    for (const frame of transcript.split('\n\n')) if (frame) res.write(`${frame}\n\n`);
    return res.end();
  }
  if (reply) return res.status(reply.status).set(reply.headers).send(reply.body);
  res.json(RESPONSE);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
