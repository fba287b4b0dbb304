// Gen A (LibreChat <= 0.8.5): every language through createCodeExecutionTool, configured the way LibreChat
// configures it: LIBRECHAT_CODE_BASEURL and LIBRECHAT_CODE_API_KEY in the environment, and the tool built
// with the user id and the key as parameters (both end up in the JSON body, which the service must ignore).
import { apiKey, serviceUrl, USER_ID, v1 } from '../lib/config.mjs';
import { loadGenA } from '../lib/clients.mjs';
import { defineLanguageSuite } from '../lib/language-suite.mjs';

const genA = await loadGenA({ baseUrl: v1(serviceUrl), apiKey });
const tool = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: apiKey });
await defineLanguageSuite(genA, tool);
