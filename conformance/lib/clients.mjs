// The two generations of LibreChat's client library, installed side by side through npm aliases, and the
// two ways LibreChat's agent runtime reaches the code tool: the tool's own `invoke` with a tool call that
// carries `session_id` and `_injected_files`, and the library's real ToolNode, which builds those fields
// from the artifacts of earlier calls and turns a thrown error into the text the model reads.
import { createRequire } from 'node:module';

const EXECUTE_CODE = 'execute_code';
let loadedGenA = null;
let callCounter = 0;

async function messagesOf(alias) {
  // Each generation ships its own @langchain/core; its ToolNode only accepts that copy's AIMessage.
  const require = createRequire(new URL(`../node_modules/${alias}/package.json`, import.meta.url));
  return import(require.resolve('@langchain/core/messages'));
}

/**
 * Gen A (@librechat/agents 3.1.63) reads LIBRECHAT_CODE_BASEURL once, when the module loads, and
 * LIBRECHAT_CODE_API_KEY when a tool is created; so the environment is set first, and a test file (one
 * process under `node --test`) can load Gen A for one base URL only.
 */
export async function loadGenA({ baseUrl, apiKey }) {
  if (loadedGenA) {
    if (loadedGenA.baseUrl !== baseUrl) throw new Error('Gen A is already loaded for another base URL');
    return loadedGenA.generation;
  }
  process.env.LIBRECHAT_CODE_BASEURL = baseUrl;
  process.env.LIBRECHAT_CODE_API_KEY = apiKey;
  const lib = await import('agents-gen-a');
  const generation = makeGeneration('A', lib, await messagesOf('agents-gen-a'));
  loadedGenA = { baseUrl, generation };
  return generation;
}

/** Gen C (@librechat/agents 3.9.2) reads LIBRECHAT_CODE_BASEURL each time a tool is created. */
export async function loadGenC({ baseUrl }) {
  process.env.LIBRECHAT_CODE_BASEURL = baseUrl;
  delete process.env.LIBRECHAT_CODE_API_KEY;
  const lib = await import('agents-gen-c');
  return makeGeneration('C', lib, await messagesOf('agents-gen-c'));
}

function makeGeneration(name, lib, { AIMessage }) {
  return {
    name,
    lib,
    createTool: (params) => lib.createCodeExecutionTool(params),
    invoke: (tool, args, context) => tool.invoke(toolCall(args, context)),
    agent: (tool, seed) => new Agent(lib, AIMessage, tool, seed),
  };
}

/** A tool call as ToolNode hands it to the tool: LangChain moves the extra fields to `config.toolCall`. */
export function toolCall(args, { sessionId, files } = {}) {
  const call = { id: `call_conf_${++callCounter}`, name: EXECUTE_CODE, type: 'tool_call', args };
  if (sessionId) call.session_id = sessionId;
  if (files?.length) call._injected_files = files;
  return call;
}

/**
 * One conversation with the real ToolNode of a generation: its sessions map is what LibreChat's graph
 * keeps between tool calls, optionally primed with uploaded files the way LibreChat primes them.
 */
class Agent {
  constructor(lib, AIMessage, tool, seed) {
    this.AIMessage = AIMessage;
    this.sessions = new Map();
    if (seed) this.sessions.set(EXECUTE_CODE, { ...seed, lastUpdated: Date.now() });
    this.node = new lib.ToolNode({ tools: [tool], sessions: this.sessions });
  }

  /** Runs one model tool call; resolves to the ToolMessage the model reads (status, content, artifact). */
  async call(args) {
    const message = new this.AIMessage({
      content: '',
      tool_calls: [{ id: `call_conf_${++callCounter}`, name: EXECUTE_CODE, args }],
    });
    const output = await this.node.invoke({ messages: [message] });
    const messages = Array.isArray(output) ? output : output.messages;
    return messages[messages.length - 1];
  }
}
