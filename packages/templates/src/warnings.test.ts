import { describe, expect, it } from 'vitest';
import { makeInput } from './__fixtures__/settings.js';
import { templateWarnings } from './warnings.js';
import { failureHandlingDefaults } from './sourceFailures.js';

describe('template warnings', () => {
  it('has none for a stage within the limits', () => {
    expect(templateWarnings(makeInput({ timeoutSeconds: 29 }))).toEqual([]);
    // the spec's default timeout (30 s) is one second over API Gateway's default
    expect(templateWarnings(makeInput())).toHaveLength(1);
  });

  it('warns about a timeout API Gateway cuts short, a retired runtime, an open private API and S3 wiring', () => {
    expect(templateWarnings(makeInput({ timeoutSeconds: 60 }))[0]).toMatch(/29 s/);
    expect(templateWarnings(makeInput({ timeoutSeconds: 60, responseStreaming: true }))).toEqual([]);
    expect(templateWarnings(makeInput({ timeoutSeconds: 60, apiGateway: false }))).toEqual([]);
    expect(templateWarnings(makeInput({ timeoutSeconds: 29, runtime: 'nodejs20.x' }))[0]).toMatch(/nodejs20\.x/);
    expect(templateWarnings(makeInput({ timeoutSeconds: 29, endpointConfiguration: 'PRIVATE' }))[0]).toMatch(/vpcEndpointIds/);
    const s3 = makeInput({
      timeoutSeconds: 29,
      events: [
        {
          kind: 'source',
          function: 'src/a.ts:onUpload',
          service: 's3',
          eventSource: { arn: 'arn:aws:s3:::b', events: ['s3:ObjectCreated:*'], batchSize: null, startingPosition: null, filterPatterns: [], ...failureHandlingDefaults('s3') },
        },
      ],
    });
    expect(templateWarnings(s3)[0]).toMatch(/bucket notification/);
  });
});
