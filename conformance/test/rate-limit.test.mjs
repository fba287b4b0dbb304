// A saturated queue: the second instance runs one job at a time and queues none, so one sleeping job
// fills it and the next call is 429 {"error":"rate_limited","retry_after_seconds":N}.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { apiKey, saturatedUrl, USER_ID, v1, withKeyInUrl } from '../lib/config.mjs';
import { loadGenA, loadGenC } from '../lib/clients.mjs';
import { health } from '../lib/health.mjs';
import { postExec } from '../lib/librechat.mjs';

const genA = await loadGenA({ baseUrl: v1(saturatedUrl), apiKey });
const toolA = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: apiKey });
const genC = await loadGenC({ baseUrl: withKeyInUrl(saturatedUrl, apiKey) });
const toolC = genC.createTool({ user_id: USER_ID });
const keyHeader = { 'X-API-Key': apiKey };
const OCCUPY_SECONDS = 6;

async function waitUntilRunning() {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { body } = await health(saturatedUrl);
    if (body.executions == null) return sleep(1000); // no counter exposed: give the job a second to start
    if (body.executions.running >= 1) return;
    await sleep(50);
  }
  throw new Error('the occupying job never started');
}

describe('errors: a saturated queue', () => {
  let occupier;
  before(async () => {
    occupier = postExec({ baseUrl: v1(saturatedUrl), body: { lang: 'bash', code: `sleep ${OCCUPY_SECONDS}` }, headers: keyHeader });
    await waitUntilRunning();
  });
  after(async () => {
    const done = await occupier;
    assert.equal(done.status, 200, 'the occupying job itself ran');
  });

  test('on the wire: 429 {"error":"rate_limited","retry_after_seconds":N}', async () => {
    const response = await postExec({ baseUrl: v1(saturatedUrl), body: { lang: 'bash', code: 'echo x' }, headers: keyHeader });
    assert.equal(response.status, 429, JSON.stringify(response.data));
    assert.equal(response.data.error, 'rate_limited');
    assert.equal(typeof response.data.retry_after_seconds, 'number');
    assert.ok(response.data.retry_after_seconds > 0);
  });

  test('Gen C: the model reads "rate-limited. Retry after N seconds"', async () => {
    const message = await genC.agent(toolC).call({ lang: 'bash', code: 'echo x' });
    assert.equal(message.status, 'error');
    assert.match(
      message.content,
      /^Error: Execution error:\n\nCode execution is temporarily rate-limited\. Retry after [1-9]\d* seconds\.\n Please fix your mistakes\.$/,
      message.content,
    );
  });

  test('Gen A: the model reads HTTP 429', async () => {
    const message = await genA.agent(toolA).call({ lang: 'bash', code: 'echo x' });
    assert.equal(message.content, 'Error: Execution error:\n\nHTTP error! status: 429\n Please fix your mistakes.');
  });
});
