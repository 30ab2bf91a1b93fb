// The real-AWS suite (test/aws/quote-api-suite.ts) rehearsed against moto in the integration
// tier: deploy, the update matrix on what live serves, undeploy, nothing left behind.
import { quoteApiSuite } from './aws/quote-api-suite.js';

quoteApiSuite({ run: true, target: 'moto' });
