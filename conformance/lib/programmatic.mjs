// LibreChat's newest tools that call the code API, as its agent runtime drives them: run_tools_with_code and
// run_tools_with_bash with a toolMap of real LangChain tools (the client runs them between round trips), and a
// recording proxy between client and service that shows what went over the wire.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer, request as httpRequest } from 'node:http';

// The client's own @langchain/core (1.2.8, nested under the package): the copy LibreChat's tools are built with.
const requireC = createRequire(new URL('../node_modules/agents-gen-c/package.json', import.meta.url));
const { tool } = await import(requireC.resolve('@langchain/core/tools'));

let callCounter = 0;
const objectSchema = (properties, required = []) => ({ type: 'object', properties, required });

/**
 * Real LangChain tools and the toolMap/toolDefs ToolNode injects (getProgrammaticTools): a weather lookup (object
 * result), a search (text result), a tool that always fails, and a slow one. `calls` records every invocation.
 */
export function makeTools({ slowMs = 1000, onCall } = {}) {
  const calls = [];
  const record = (name, input) => {
    calls.push({ name, input });
    onCall?.(name, input);
  };
  const tools = [
    tool(async ({ city }) => {
      record('get_weather', city);
      return { city, temperature_c: 10 + city.length };
    }, { name: 'get_weather', description: 'Current weather of a city', schema: objectSchema({ city: { type: 'string' } }, ['city']) }),
    tool(async ({ query }) => {
      record('web-search', query);
      return `top result for ${query}`;
    }, { name: 'web-search', description: 'Searches the web', schema: objectSchema({ query: { type: 'string' } }, ['query']) }),
    tool(async ({ sql }) => {
      record('query_database', sql);
      throw new Error('the database is read-only');
    }, { name: 'query_database', description: 'Runs SQL', schema: objectSchema({ sql: { type: 'string' } }, ['sql']) }),
    tool(async ({ label }) => {
      record('slow_step', label);
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return { label, done: true };
    }, { name: 'slow_step', description: 'Takes a while', schema: objectSchema({ label: { type: 'string' } }, ['label']) }),
  ];
  return {
    calls,
    toolMap: new Map(tools.map((t) => [t.name, t])),
    toolDefs: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.schema })),
  };
}

/** A tool call as ToolNode hands it to run_tools_with_code / run_tools_with_bash (extra fields land in config.toolCall). */
export function programmaticCall(name, args, { toolMap, toolDefs, sessionId, files, hint } = {}) {
  return {
    id: `call_ptc_${++callCounter}`,
    name,
    type: 'tool_call',
    args,
    ...(toolMap ? { toolMap, toolDefs, programmaticToolName: name } : {}),
    ...(sessionId ? { session_id: sessionId } : {}),
    ...(files?.length ? { _injected_files: files } : {}),
    ...(hint ? { _runtime_session_hint: hint } : {}),
  };
}

export const uniqueHint = (label) => `conv-${label}-${randomBytes(6).toString('hex')}`;

/**
 * A pass-through proxy that records each request (path, headers, JSON body) and the service's reply (status, JSON).
 * A client that aborts does not abort the request to the service: that is left to the client's cancel call, so a
 * test sees what the cancel alone does.
 */
export async function recordingProxy(target) {
  const seen = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry = { method: req.method, path: req.url, headers: req.headers, body: parse(body) };
      seen.push(entry);
      entry.done = new Promise((resolve) => {
        const upstream = httpRequest(new URL(req.url, target), { method: req.method, headers: req.headers }, (reply) => {
          const out = [];
          reply.on('data', (c) => out.push(c));
          reply.on('end', () => {
            const bytes = Buffer.concat(out);
            Object.assign(entry, { status: reply.statusCode, reply: parse(bytes), replyHeaders: reply.headers });
            if (!res.destroyed) {
              res.writeHead(reply.statusCode, reply.headers);
              res.end(bytes);
            }
            resolve();
          });
        });
        upstream.on('error', (error) => {
          Object.assign(entry, { status: 502, error: error.message });
          if (!res.destroyed) res.writeHead(502).end();
          resolve();
        });
        upstream.end(body);
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    seen,
    root: `http://127.0.0.1:${port}`,
    programmatic: () => seen.filter((e) => e.path.endsWith('/exec/programmatic')),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function parse(bytes) {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
