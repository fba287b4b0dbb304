// run_tools_with_code (LibreChat 0.8.8, @librechat/agents 3.9.2): the model's Python calls LibreChat-side tools as
// async functions; the service pauses the live program at each batch of calls, the client runs the real LangChain
// tools of its toolMap and continues. A recording proxy shows the round trips on the wire.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiKey, serviceUrl, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { languageAvailability } from '../lib/health.mjs';
import { fileByName, assertDownloads } from '../lib/artifacts.mjs';
import { makeTools, programmaticCall, recordingProxy } from '../lib/programmatic.mjs';

const genC = await loadGenC({ baseUrl: withKeyInUrl(serviceUrl, apiKey) });
const { lib } = genC;
const skip = (await languageAvailability())('py') ?? false;
const PTC = 'run_tools_with_code';

describe('Gen C: programmatic tool calling (Python)', { skip }, () => {
  let proxy;
  let baseUrl;
  before(async () => {
    proxy = await recordingProxy(serviceUrl);
    baseUrl = withKeyInUrl(proxy.root, apiKey);
  });
  after(() => proxy.close());

  /** Runs one model call of run_tools_with_code; returns the ToolMessage and the programmatic requests it made. */
  async function run(code, { tools = makeTools(), params = {}, args = {}, signal } = {}) {
    const mark = proxy.seen.length;
    const ptc = lib.createProgrammaticToolCallingTool({ baseUrl, ...params });
    const message = await ptc.invoke(programmaticCall(PTC, { code, ...args }, tools), signal ? { signal } : undefined);
    return { message, tools, wire: proxy.seen.slice(mark) };
  }

  const programmaticRequests = (wire) => wire.filter((e) => e.path === '/v1/exec/programmatic');

  test('asyncio.gather of two tools is ONE round trip carrying both calls; results arrive as decoded values', async () => {
    const { message, tools, wire } = await run([
      'sf, ny = await asyncio.gather(get_weather(city="SF"), get_weather(city="New York"))',
      'print(sf["temperature_c"] + ny["temperature_c"], type(sf).__name__)',
    ].join('\n'));

    assert.match(message.content, /^stdout:\n30 dict(\n|$)/, message.content);
    const requests = programmaticRequests(wire);
    assert.equal(requests.length, 2, 'the first request and one continuation');
    assert.equal(requests[0].reply.status, 'tool_call_required');
    assert.deepEqual(requests[0].reply.tool_calls.map((c) => [c.name, c.input]), [['get_weather', { city: 'SF' }], ['get_weather', { city: 'New York' }]]);
    assert.equal(requests[1].body.tool_results.length, 2);
    assert.equal(requests[1].reply.status, 'completed');
    assert.equal(tools.calls.length, 2);
  });

  test('sequential calls: one round trip each, each result feeding the next call, with a fresh token every time', async () => {
    const { message, wire } = await run([
      'city = "Oslo"',
      'for _ in range(3):',
      '    found = await web_search(query=city)',
      '    city = found.split()[-1] + "!"',
      'print(city)',
    ].join('\n'));

    assert.match(message.content, /^stdout:\nOslo!!!(\n|$)/, message.content);
    const requests = programmaticRequests(wire);
    assert.equal(requests.length, 4);
    const tokens = requests.slice(0, 3).map((r) => r.reply.continuation_token);
    assert.equal(new Set(tokens).size, 3, 'a new continuation token at every pause');
    assert.match(tokens[0], /^ptc1\.[a-z0-9]{12}\.[A-Za-z0-9_-]{43}$/);
  });

  test("a failing tool raises ToolError in the program, which can catch it; the model reads the program's output", async () => {
    const { message } = await run([
      'try:',
      '    await query_database(sql="DELETE FROM users")',
      'except ToolError as error:',
      '    print("caught:", error)',
    ].join('\n'));

    assert.match(message.content, /^stdout:\ncaught: the database is read-only(\n|$)/, message.content);
  });

  test('tools are called by the names the client tells the model (normalizeToPythonIdentifier)', async () => {
    const { message } = await run(`print(await ${lib.normalizeToPythonIdentifier('web-search')}(query="names"))`);
    assert.match(message.content, /^stdout:\ntop result for names(\n|$)/, message.content);
  });

  test('files written during a workflow are stored and download byte-exact; the tools ran between the steps', async () => {
    const { message } = await run([
      'rows = await asyncio.gather(*[get_weather(city=c) for c in ("Rome", "Lima", "Oslo")])',
      'with open("/mnt/data/weather.csv", "w") as f:',
      '    f.write("city,temperature_c\\n")',
      '    for r in rows:',
      '        f.write(f"{r[\'city\']},{r[\'temperature_c\']}\\n")',
      'print(len(rows), "rows")',
    ].join('\n'));

    assert.match(message.content, /^stdout:\n3 rows(\n|$)/, message.content);
    const file = fileByName(message.artifact, 'weather.csv');
    const response = await assertDownloads({ baseUrl: withKeyInUrl(serviceUrl, apiKey), sessionId: message.artifact.session_id, file, contentType: 'text/csv' });
    assert.equal(response.bytes.toString(), 'city,temperature_c\nRome,14\nLima,14\nOslo,14\n');
  });

  test('the run timeout counts only running time: three 1 s tools under a 1 s timeout complete', async () => {
    const { message } = await run('for i in range(3):\n    await slow_step(label=str(i))\nprint("all steps done")', {
      tools: makeTools({ slowMs: 1000 }),
      args: { timeout: 1000 },
    });
    assert.match(message.content, /^stdout:\nall steps done(\n|$)/, message.content);
  });

  test('a program that runs out of time: the model reads "Execution exceeded the time limit."', async () => {
    await assert.rejects(run('while True:\n    pass', { args: { timeout: 1000 } }),
      (error) => /Programmatic execution failed: Code execution failed\. Execution exceeded the time limit\./.test(error.message));
  });

  test('a syntax error: the model reads the exit code and the traceback', async () => {
    await assert.rejects(run('print("unclosed"'),
      (error) => /Execution exited with code 1\n\nStderr:\n.*SyntaxError/s.test(error.message));
  });

  test('no tools selected (tool_manifest: []): the client falls back to plain /exec with its async wrapper, and it runs', async () => {
    const { message, wire } = await run('import asyncio\nawait asyncio.sleep(0)\nprint("plain", 6 * 7)', { args: { tool_manifest: [] } });

    assert.match(message.content, /^stdout:\nplain 42(\n|$)/, message.content);
    assert.deepEqual(wire.map((e) => e.path), ['/v1/exec']);
  });

  test('cancel mid-flight: the client posts /exec/programmatic/cancel with the request id; the service stops the program', async () => {
    const controller = new AbortController();
    const tools = makeTools({ onCall: () => setTimeout(() => controller.abort(), 300) });
    const mark = proxy.seen.length;

    await assert.rejects(run('await get_weather(city="Bern")\nimport time\ntime.sleep(30)\nprint("never")', { tools, signal: controller.signal }));

    const wire = () => proxy.seen.slice(mark);
    await waitFor(() => wire().some((e) => e.path === '/v1/exec/programmatic/cancel' && e.status !== undefined), 'the cancel was answered');
    const continuation = wire().find((e) => e.body?.continuation_token);
    const cancel = wire().find((e) => e.path === '/v1/exec/programmatic/cancel');
    assert.equal(cancel.body.request_id, continuation.headers['x-librechat-code-request-id']);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.reply));
    assert.deepEqual(cancel.reply, { status: 'cancelled' });
    await continuation.done;
    assert.equal(continuation.reply.status, 'error', 'the cancelled run answers its (abandoned) request with an error');
    assert.equal(continuation.reply.error, 'Execution cancelled');

    // The execution is gone: its last token continues nothing.
    const replay = await fetch(`${serviceUrl}/v1/exec/programmatic`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
      body: JSON.stringify({ continuation_token: continuation.body.continuation_token, tool_results: [] }),
    });
    assert.equal(replay.status, 404);
  });
});

async function waitFor(condition, what, timeoutMs = 15000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (condition()) return;
  }
  assert.fail(`timed out waiting: ${what}`);
}
