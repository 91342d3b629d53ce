/**
 * Run as a plain Node process by clients-env.test.ts, with only environment variables pointing the
 * clients at the emulator (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_AGENTS_DISABLE_TRACING): each
 * client is built with no base URL or key in code, as an app that reads them from the environment
 * would. Prints, as JSON, each client's answer and every attempt to reach a host off the machine.
 */
import OpenAI from 'openai';
import { Agent, getGlobalTraceProvider, run } from '@openai/agents';
import { openai } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { ChatOpenAI } from '@langchain/openai';
import { watchNetwork } from '../../helpers/network-guard';

async function main(): Promise<void> {
  const guard = watchNetwork();
  const prompt = 'Explain how tides work.';
  const sdk = (await new OpenAI().responses.create({ model: 'gpt-4o', input: prompt })).output_text;
  const agents = (await run(new Agent({ name: 'Assistant', model: 'gpt-4o' }), prompt)).finalOutput;
  const vercel = (await generateText({ model: openai('gpt-4o'), prompt })).text;
  const langchain = (await new ChatOpenAI({ model: 'gpt-4o', useResponsesApi: true }).invoke(prompt)).text;
  await getGlobalTraceProvider().forceFlush(); // what the Agents SDK would export, it exports now
  guard.stop();
  process.stdout.write(JSON.stringify({ answers: { sdk, agents, vercel, langchain }, attempts: guard.attempts }));
}

main().catch((e: unknown) => {
  process.stderr.write(String((e as Error)?.stack ?? e));
  process.exit(1);
});
