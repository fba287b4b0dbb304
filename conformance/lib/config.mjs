// Where the services under test listen, as run.sh hands them over. Nothing here is secret except the key,
// which is never printed.
const required = (name) => {
  const value = process.env[name];
  if (value == null || value === '') {
    throw new Error(`${name} is not set: run the suite through conformance/run.sh`);
  }
  return value;
};

/** The main instance: API-key auth, default limits. Root URL, without the /v1 prefix. */
export const serviceUrl = required('CONFORMANCE_URL');
export const apiKey = required('CONFORMANCE_API_KEY');
/** A second instance with CODE_MAX_CONCURRENCY=1 CODE_QUEUE_LIMIT=0 (same key): one running job fills it. */
export const saturatedUrl = required('CONFORMANCE_SATURATED_URL');
/** A third, limited instance: CODE_AUTH_DISABLED=true (LibreChat >= 0.8.6 on a private network) and no TypeScript toolchain. */
export const openUrl = required('CONFORMANCE_OPEN_URL');

/** What operators put into LIBRECHAT_CODE_BASEURL: the service under the /v1 prefix. */
export const v1 = (root) => `${root}/v1`;

/** `http://KEY@127.0.0.1:PORT/v1`: the key carried in the base URL (Gen C has no key setting of its own). */
export const withKeyInUrl = (root, key) => {
  const url = new URL(v1(root));
  url.username = key;
  return url.toString().replace(/\/$/, '');
};

export const USER_ID = '6650f0c3a1b2c3d4e5f60718';
export const ID_PATTERN = /^[A-Za-z0-9_-]{21}$/;
