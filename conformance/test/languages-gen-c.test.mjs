// Gen C (LibreChat >= 0.8.6): every language through createCodeExecutionTool. Gen C has no key setting:
// the operator puts the key into LIBRECHAT_CODE_BASEURL (http://KEY@host:port/v1).
import { apiKey, serviceUrl, USER_ID, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { defineLanguageSuite } from '../lib/language-suite.mjs';

const genC = await loadGenC({ baseUrl: withKeyInUrl(serviceUrl, apiKey) });
const tool = genC.createTool({ user_id: USER_ID });
await defineLanguageSuite(genC, tool);
