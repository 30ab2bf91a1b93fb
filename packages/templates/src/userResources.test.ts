import { describe, expect, it } from 'vitest';
import { render, resource } from './__fixtures__/template.js';
import { TemplateError } from './model.js';

const TABLE = { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'quotes' } };

describe('resources', () => {
  it('merges raw resources into the stack', () => {
    const t = render({ resources: { QuotesTable: TABLE } });
    expect(resource(t, 'QuotesTable')).toEqual(TABLE);
  });

  it('refuses a clash with a generated logical id, even one these settings do not use', () => {
    expect(() => render({ resources: { Function: TABLE } })).toThrow(/Function/);
    expect(() => render({ resources: { DeadLetterQueue: TABLE } })).toThrow(TemplateError);
    expect(() => render({ resources: { ApiDeploymentMine: TABLE } })).toThrow(/prefix/);
    expect(() => render({ resources: { 'bad-id': TABLE } })).toThrow(/logical id/);
  });
});
