// `npm run test:aws`: the real-AWS suite, when test/aws/gate.ts says it runs.
import { awsSuiteGate } from './gate.js';
import { quoteApiSuite } from './quote-api-suite.js';

quoteApiSuite(awsSuiteGate());
