// Stateful runtime sessions (LibreChat 0.8.8, statefulSessions): with a runtime_session_hint, /mnt/data persists
// between calls of one conversation without file refs; the reply names the runtime session and whether it was reused.
// Also deleted_files: inputs the program removed, which ToolNode then stops injecting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey, openUrl, serviceUrl, USER_ID, v1, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { languageAvailability } from '../lib/health.mjs';
import { fileSource, uploadGenC } from '../lib/librechat.mjs';
import { makeTools, programmaticCall, uniqueHint } from '../lib/programmatic.mjs';

const baseUrl = withKeyInUrl(serviceUrl, apiKey);
const genC = await loadGenC({ baseUrl });
const skip = (await languageAvailability())('py') ?? false;
const stateful = (params) => genC.createTool({ user_id: USER_ID, statefulSessions: true, ...params });

describe('Gen C: stateful runtime sessions (createCodeExecutionTool({statefulSessions: true}))', { skip }, () => {
  test('/mnt/data persists between calls with the same hint, without refs: new, then reused, same runtime_session_id', async () => {
    const hint = uniqueHint('persist');
    const first = await genC.invoke(stateful({ runtimeSessionHint: hint }),
      { lang: 'py', code: 'import json\njson.dump({"step": 1}, open("/mnt/data/state.json", "w"))\nprint("saved")' });
    assert.match(first.content, /^stdout:\nsaved(\n|$)/, first.content);
    assert.equal(first.artifact.runtime_status, 'new');
    assert.match(first.artifact.runtime_session_id, /^[A-Za-z0-9_-]{21}$/);

    // A new tool object, no session, no refs: only the hint links the calls.
    const second = await genC.invoke(stateful({ runtimeSessionHint: hint }),
      { lang: 'bash', code: 'cat /mnt/data/state.json; echo; ls /mnt/data' });
    assert.match(second.content, /^stdout:\n\{"step": 1\}\nstate\.json(\n|$)/, second.content);
    assert.equal(second.artifact.runtime_status, 'reused');
    assert.equal(second.artifact.runtime_session_id, first.artifact.runtime_session_id);
    assert.ok(!(second.artifact.files ?? []).some((f) => f.name === 'state.json'), 'an untouched workspace file is no new output');
  });

  test('two hints are two workspaces', async () => {
    const [a, b] = [uniqueHint('a'), uniqueHint('b')];
    await genC.invoke(stateful({ runtimeSessionHint: a }), { lang: 'bash', code: 'echo A > /mnt/data/only-in-a.txt' });
    const inB = await genC.invoke(stateful({ runtimeSessionHint: b }), { lang: 'bash', code: 'ls /mnt/data/only-in-a.txt 2>/dev/null || echo absent' });
    const inA = await genC.invoke(stateful({ runtimeSessionHint: a }), { lang: 'bash', code: 'cat /mnt/data/only-in-a.txt' });

    assert.match(inB.content, /^stdout:\nabsent(\n|$)/, inB.content);
    assert.match(inA.content, /^stdout:\nA(\n|$)/, inA.content);
    assert.notEqual(inA.artifact.runtime_session_id, inB.artifact.runtime_session_id);
  });

  test("the hint ToolNode injects (_runtime_session_hint) counts only with statefulSessions; the client drops it otherwise", async () => {
    const hint = uniqueHint('injected');
    const call = (tool, code) => tool.invoke({ id: `call_${hint}_${code.length}`, name: 'execute_code', type: 'tool_call', args: { lang: 'bash', code }, _runtime_session_hint: hint });
    await call(stateful({}), 'echo kept > /mnt/data/injected.txt');
    const seen = await call(stateful({}), 'cat /mnt/data/injected.txt');
    const stateless = await call(genC.createTool({ user_id: USER_ID }), 'ls /mnt/data/injected.txt 2>/dev/null || echo stateless');

    assert.match(seen.content, /^stdout:\nkept(\n|$)/, seen.content);
    assert.match(stateless.content, /^stdout:\nstateless(\n|$)/, stateless.content);
    assert.equal(stateless.artifact.runtime_session_id, undefined);
  });

  test('the expected profile "stateful" (X-CodeAPI-Expected-Profile) is served; run_tools_with_code shares the workspace', async () => {
    const hint = uniqueHint('ptc');
    const tools = makeTools();
    const ptc = genC.lib.createProgrammaticToolCallingTool({ baseUrl, executionProfile: 'stateful', runtimeSessionHint: hint });
    const written = await ptc.invoke(programmaticCall('run_tools_with_code',
      { code: 'w = await get_weather(city="Kyiv")\nopen("/mnt/data/from_ptc.txt", "w").write(str(w["temperature_c"]))\nprint("ok")' }, tools));
    assert.match(written.content, /^stdout:\nok(\n|$)/, written.content);
    assert.equal(written.artifact.runtime_status, 'new');

    const read = await genC.invoke(stateful({ executionProfile: 'stateful', runtimeSessionHint: hint }), { lang: 'bash', code: 'cat /mnt/data/from_ptc.txt' });
    assert.match(read.content, /^stdout:\n14/, read.content);
    assert.equal(read.artifact.runtime_status, 'reused');
  });

  test('a service running stateless answers the stateful profile with 409 execution_profile_mismatch: the model is told not to retry', async () => {
    const tool = genC.createTool({ baseUrl: v1(openUrl), statefulSessions: true, executionProfile: 'stateful', runtimeSessionHint: uniqueHint('x') });
    const message = await genC.agent(tool).call({ lang: 'bash', code: 'echo never' });
    assert.equal(message.status, 'error');
    assert.match(message.content, /Code execution is not supported by the selected environment\. The selected environment does not provide the requested execution profile\. This is a permanent capability mismatch/, message.content);
  });
});

describe('Gen C: deleted_files', { skip }, () => {
  test('an input the program removes is reported by name, and ToolNode stops injecting it', async () => {
    const { data } = await uploadGenC({ baseUrl, kind: 'user', id: USER_ID, files: [fileSource('drop.csv', 'a\n1\n'), fileSource('keep.csv', 'b\n2\n')], batch: true });
    const refs = data.files.map((f) => ({ id: f.fileId, resource_id: USER_ID, name: f.filename, storage_session_id: data.storage_session_id, kind: 'user' }));
    const agent = genC.agent(genC.createTool({ user_id: USER_ID }), { session_id: data.storage_session_id, files: refs });

    const removed = await agent.call({ lang: 'bash', code: 'rm /mnt/data/drop.csv && ls /mnt/data' });
    assert.equal(removed.status, 'success', removed.content);
    assert.deepEqual(removed.artifact.deleted_files, ['drop.csv']);
    assert.deepEqual(agent.sessions.get('execute_code').files.map((f) => f.name).sort(), ['keep.csv']);

    const next = await agent.call({ lang: 'bash', code: 'ls /mnt/data' });
    assert.match(next.content, /^stdout:\nkeep\.csv(\n|$)/, next.content);
  });
});
