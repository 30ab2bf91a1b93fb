import { describe, expect, it } from 'vitest';
import { makeInput, maximalInput, minimalInput } from './__fixtures__/settings.js';
import { renderTemplate } from './render.js';
import { needsS3TemplateUpload, serializeTemplate, TEMPLATE_BODY_LIMIT, toYaml } from './serialize.js';

describe('template bytes', () => {
  it('same settings give the same bytes, whatever the key order of user maps', () => {
    const a = makeInput({ tags: { a: '1', b: '2' }, environmentVariables: { XX: '1', YY: '2' } });
    const b = makeInput({ environmentVariables: { YY: '2', XX: '1' }, tags: { b: '2', a: '1' } });
    expect(serializeTemplate(renderTemplate(a))).toBe(serializeTemplate(renderTemplate(b)));
    expect(serializeTemplate(renderTemplate(maximalInput()))).toBe(serializeTemplate(renderTemplate(maximalInput())));
  });

  it('puts Type first in a resource and sorts the resources', () => {
    const t = renderTemplate(minimalInput());
    expect(Object.keys(t)).toEqual(['AWSTemplateFormatVersion', 'Description', 'Resources', 'Outputs']);
    const ids = Object.keys(t.Resources);
    expect(ids).toEqual([...ids].sort());
    expect(Object.keys(t.Resources.Function!)).toEqual(['Type', 'DependsOn', 'Properties']);
  });

  it('knows when the body must go through S3', () => {
    expect(TEMPLATE_BODY_LIMIT).toBe(51_200);
    expect(needsS3TemplateUpload('x'.repeat(51_200))).toBe(false);
    expect(needsS3TemplateUpload('x'.repeat(51_201))).toBe(true);
    // bytes, not characters
    expect(needsS3TemplateUpload('é'.repeat(25_601))).toBe(true);
    const maximal = serializeTemplate(renderTemplate(maximalInput()), { compact: true });
    expect(needsS3TemplateUpload(maximal)).toBe(false);
    expect(needsS3TemplateUpload(serializeTemplate(renderTemplate(minimalInput())))).toBe(false);
  });

  it('grows past the limit with many raw resources, and then says so', () => {
    const resources = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`Queue${i}`, { Type: 'AWS::SQS::Queue', Properties: { QueueName: `q-${i}-${'x'.repeat(200)}` } }]),
    );
    const body = serializeTemplate(renderTemplate(makeInput({ resources })), { compact: true });
    expect(Buffer.byteLength(body)).toBeGreaterThan(TEMPLATE_BODY_LIMIT);
    expect(needsS3TemplateUpload(body)).toBe(true);
  });

  it('writes YAML that says what the JSON says', () => {
    expect(toYaml({ a: 'x', 'Fn::Sub': '${A}', list: [{ b: 1, c: [true, null] }, 'y'], empty: [], no: {} })).toBe(
      ['a: "x"', 'Fn::Sub: "${A}"', 'list:', '  - b: 1', '    c:', '      - true', '      - null', '  - "y"', 'empty: []', '"no": {}', ''].join('\n'),
    );
    expect(serializeTemplate(renderTemplate(minimalInput()), { format: 'yaml' })).toContain('Type: "AWS::Lambda::Function"');
  });
});
