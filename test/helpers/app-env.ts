/**
 * Imported first by the client tests, so that the clients see the environment a user's app has.
 * Jest sets NODE_ENV=test and some clients switch their telemetry off when they see it (the Agents
 * SDK's trace export is off under NODE_ENV=test and on otherwise): without this, a test would pass
 * even if the configuration the README gives let traces go out. LangSmith tracing (LangChain) is
 * switched on only by environment variables: those are cleared so a developer's shell cannot turn it
 * on for these tests.
 */
delete process.env.NODE_ENV;
for (const name of ['LANGSMITH_TRACING', 'LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING', 'LANGCHAIN_TRACING_V2']) delete process.env[name];

export {};
