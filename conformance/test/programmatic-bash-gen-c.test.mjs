// run_tools_with_bash, and the bash tool in an attached workspace (both POST /exec/programmatic): every tool is a
// shell function taking one JSON string and printing its result as one compact JSON value.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { apiKey, serviceUrl, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { languageAvailability } from '../lib/health.mjs';
import { fileByName } from '../lib/artifacts.mjs';
import { download } from '../lib/librechat.mjs';
import { makeTools, programmaticCall, recordingProxy } from '../lib/programmatic.mjs';

const genC = await loadGenC({ baseUrl: withKeyInUrl(serviceUrl, apiKey) });
const { lib } = genC;
const available = await languageAvailability();
const skip = available('bash') ?? available('py') ?? false;
const BASH_PTC = 'run_tools_with_bash';

describe('Gen C: programmatic tool calling (bash)', { skip }, () => {
  let proxy;
  let baseUrl;
  before(async () => {
    proxy = await recordingProxy(serviceUrl);
    baseUrl = withKeyInUrl(proxy.root, apiKey);
  });
  after(() => proxy.close());

  async function run(code, { tools = makeTools(), args = {} } = {}) {
    const mark = proxy.seen.length;
    const bash = lib.createBashProgrammaticToolCallingTool({ baseUrl });
    const message = await bash.invoke(programmaticCall(BASH_PTC, { code, ...args }, tools));
    return { message, tools, wire: proxy.seen.slice(mark).filter((e) => e.path === '/v1/exec/programmatic') };
  }

  test('a tool is a shell function: one JSON string in, one compact JSON value out', async () => {
    const { message, wire } = await run([
      `w=$(${lib.normalizeToBashIdentifier('get_weather')} '{"city":"Paris"}')`,
      'echo "raw: $w"',
      'python3 -c "import json,sys; print(json.loads(sys.argv[1])[\'temperature_c\'])" "$w"',
    ].join('\n'));

    assert.match(message.content, /^stdout:\nraw: \{"city":"Paris","temperature_c":15\}\n15(\n|$)/, message.content);
    assert.equal(wire[0].body.lang, 'bash');
    assert.match(wire[0].body.code, /^: &\nwait "\$!"\n/, 'the client guards $! before the user code');
  });

  test('sequential calls feed each other; a failing tool exits non-zero with its error on stderr', async () => {
    const { message } = await run([
      'a=$(web_search \'{"query":"one"}\')',
      'b=$(web_search "{\\"query\\":$a}")',
      'echo "$b"',
      'query_database \'{"sql":"DROP TABLE t"}\' || echo "query failed with $?"',
    ].join('\n'));

    assert.match(message.content, /^stdout:\n"top result for top result for one"\nquery failed with 1(\n|$)/, message.content);
    assert.match(message.content, /stderr:\nquery_database: the database is read-only/, message.content);
  });

  test('parallel calls (& and wait) all get their results; the service gathers what comes at once into a batch', async () => {
    const { message, wire, tools } = await run([
      'for c in Rome Lima Oslo; do',
      '  { r=$(get_weather "{\\"city\\":\\"$c\\"}"); printf \'%s\\n\' "$r" > "/mnt/data/$c.json"; } &',
      'done',
      'wait',
      'cat /mnt/data/Lima.json /mnt/data/Oslo.json /mnt/data/Rome.json',
    ].join('\n'));

    assert.match(message.content, /^stdout:\n\{"city":"Lima","temperature_c":14\}\n\{"city":"Oslo","temperature_c":14\}\n\{"city":"Rome","temperature_c":14\}(\n|$)/, message.content);
    assert.equal(tools.calls.length, 3);
    assert.ok(wire.length <= 3, `3 parallel calls took ${wire.length - 1} round trips`);
    const file = fileByName(message.artifact, 'Rome.json');
    const bytes = await download({ baseUrl: withKeyInUrl(serviceUrl, apiKey), sessionId: message.artifact.session_id, fileId: file.id });
    assert.equal(bytes.bytes.toString(), '{"city":"Rome","temperature_c":14}\n');
  });

  test('no tools selected: the client runs the plain script through /exec', async () => {
    const mark = proxy.seen.length;
    const { message } = await run('echo "plain $((6 * 7))"', { args: { tool_manifest: [] } });
    assert.match(message.content, /^stdout:\nplain 42(\n|$)/, message.content);
    assert.deepEqual(proxy.seen.slice(mark).map((e) => e.path), ['/v1/exec']);
  });
});

describe('Gen C: the bash tool in an attached workspace (X-LibreChat-Code-Workspace-ID, workspace_instance_id)', { skip }, () => {
  const workspaceId = `proj-${randomBytes(4).toString('hex')}`;
  const instance = randomBytes(32).toString('hex');
  const bashIn = (workspaceInstanceId) => lib.createBashExecutionTool({ baseUrl: withKeyInUrl(serviceUrl, apiKey), workspaceId, workspaceInstanceId });

  test('project files written in one call are there in the next; another workspace instance does not see them', async () => {
    const first = await genC.invoke(bashIn(instance), { command: 'echo "v1" > notes.txt && echo written' });
    assert.match(first.content, /^stdout:\nwritten(\n|$)/, first.content);
    assert.match(first.artifact.runtime_session_id, /^[A-Za-z0-9_-]{21}$/);

    const second = await genC.invoke(bashIn(instance), { command: 'cat "${LIBRECHAT_CODE_DATA_DIR:-/mnt/data}/notes.txt"' });
    assert.match(second.content, /^stdout:\nv1(\n|$)/, second.content);
    assert.equal(second.artifact.runtime_status, 'reused');
    assert.equal(second.artifact.runtime_session_id, first.artifact.runtime_session_id);

    const other = await genC.invoke(bashIn(randomBytes(32).toString('hex')), { command: 'ls notes.txt 2>/dev/null || echo "not here"' });
    assert.match(other.content, /^stdout:\nnot here(\n|$)/, other.content);
  });
});
