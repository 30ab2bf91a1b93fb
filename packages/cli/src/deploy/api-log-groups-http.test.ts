import { describe, expect, it } from 'vitest';
import { apiLogGroupNames } from './api-log-groups.js';

describe('the API log groups undeploy --remove-logs removes', () => {
  it("an HTTP API stage's: its access log group", () => {
    expect(apiLogGroupNames({ Outputs: [{ OutputKey: 'HttpApiId', OutputValue: 'h1t2p3' }] }, 'dev')).toEqual(['/aws/apigateway/h1t2p3/access']);
  });

  it("a REST stage's: access and execution log groups, as before", () => {
    expect(apiLogGroupNames({ Outputs: [{ OutputKey: 'RestApiId', OutputValue: 'r1' }] }, 'dev')).toEqual(['/aws/apigateway/r1/dev/access', 'API-Gateway-Execution-Logs_r1/dev']);
  });

  it("a Function URL stage's: none", () => {
    expect(apiLogGroupNames({ Outputs: [{ OutputKey: 'ApiUrl', OutputValue: 'https://x.lambda-url.us-east-1.on.aws/' }] }, 'dev')).toEqual([]);
  });
});
