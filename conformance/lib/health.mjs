import { apiKey, serviceUrl } from './config.mjs';

/**
 * GET /health. Without a key it says only `{status}`; the details (languages, executions, …) need the key,
 * so it is sent unless `key` is null.
 */
export async function health(root = serviceUrl, key = apiKey) {
  const response = await fetch(`${root}/health`, { headers: key == null ? {} : { 'X-API-Key': key } });
  return { status: response.status, body: await response.json() };
}

/**
 * Which contract languages this service runs, from `/health` `languages.<code>.available`.
 * A test for a language that is missing here is skipped with this reason, not failed.
 */
export async function languageAvailability(root = serviceUrl) {
  const { body } = await health(root);
  const languages = body.languages ?? {};
  return (code) =>
    languages[code]?.available === true
      ? null
      : `language '${code}' is not available on this service yet (/health languages.${code}.available is not true)`;
}
