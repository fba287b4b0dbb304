// How a refused request reaches the model. Gen C maps statuses to words ("rejected", "not authorized",
// "rate-limited. Retry after N seconds", "temporarily unavailable"); Gen A reports "HTTP error! status: N".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fetch from 'node-fetch';
import { apiKey, serviceUrl, USER_ID, v1, withKeyInUrl } from '../lib/config.mjs';
import { loadGenA, loadGenC } from '../lib/clients.mjs';
import { postExec } from '../lib/librechat.mjs';

const genA = await loadGenA({ baseUrl: v1(serviceUrl), apiKey });
const toolA = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: apiKey });
const genC = await loadGenC({ baseUrl: withKeyInUrl(serviceUrl, apiKey) });
const toolC = genC.createTool({ user_id: USER_ID });

const REJECTED =
  'Error: Execution error:\n\nThe code execution request was rejected. Please check the tool input and try again.\n Please fix your mistakes.';
const GEN_A_400 = 'Error: Execution error:\n\nHTTP error! status: 400\n Please fix your mistakes.';
const BAD_SESSION = 'B'.repeat(21);

describe('errors: a bad request', () => {
  test('an unknown language is 400 {"error":"Unsupported language: <x>"} on the wire', async () => {
    const response = await postExec({ baseUrl: v1(serviceUrl), body: { lang: 'cobol', code: 'x' }, headers: { 'X-API-Key': apiKey } });
    assert.equal(response.status, 400);
    assert.equal(response.data.error, 'Unsupported language: cobol');
  });

  test("Gen C's own error mapping reads that answer as \"rejected\"", async () => {
    // The tool's schema stops a language outside the 13 before it is sent; the mapping is the library's.
    const url = `${v1(serviceUrl)}/exec`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'LibreChat/1.0', 'X-API-Key': apiKey },
      body: JSON.stringify({ lang: 'cobol', code: 'x' }),
    });
    const text = await genC.lib.buildCodeApiHttpErrorMessage('POST', url, response, { recoverable: true });
    assert.equal(text, genC.lib.CODE_API_INVALID_REQUEST_ERROR_MESSAGE);
  });

  test('Gen C: an injected file ref whose name escapes /mnt/data reaches the model as "rejected"', async () => {
    const ref = { id: 'A'.repeat(21), resource_id: USER_ID, storage_session_id: BAD_SESSION, name: '../escape.txt', kind: 'user' };
    const message = await genC.agent(toolC, { session_id: BAD_SESSION, files: [ref] }).call({ lang: 'bash', code: 'ls' });
    assert.equal(message.status, 'error');
    assert.equal(message.content, REJECTED);
  });

  test('Gen A: the same bad ref reaches the model as HTTP 400', async () => {
    const ref = { session_id: BAD_SESSION, id: 'A'.repeat(21), name: '../escape.txt' };
    const message = await genA.agent(toolA, { session_id: BAD_SESSION, files: [ref] }).call({ lang: 'bash', code: 'ls' });
    assert.equal(message.content, GEN_A_400);
  });
});
