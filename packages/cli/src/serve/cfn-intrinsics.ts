/**
 * CloudFormation's `Ref`, `Fn::GetAtt`, `Fn::Sub` (and `Fn::Join`) resolved locally, over the
 * stage's own `resources` and the pseudo parameters, as the stack would resolve them: what
 * `tsappa serve` needs to name the declared tables and to read the stage's policies.
 *
 * Resource names follow the resource's own name property when it has one (`TableName`,
 * `TopicName`, `QueueName`, `BucketName`); without one CloudFormation makes up
 * `<stack>-<LogicalId>-<random>`, and locally the name is `<stack>-<LogicalId>` (no random part).
 * Anything else (another intrinsic, a resource that is not declared, an attribute tsappa does not
 * know) is an `IntrinsicError` naming where it is and what was expected.
 */

export interface IntrinsicContext {
  stackName: string;
  region: string;
  accountId: string;
  /** the stage's `resources`, by logical id */
  resources: Readonly<Record<string, unknown>>;
}

export class IntrinsicError extends Error {
  override readonly name = 'IntrinsicError';
  constructor(
    /** where in the settings, e.g. `resources.QuoteTable.Properties.TableName` */
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

interface Declared {
  Type?: unknown;
  Properties?: Record<string, unknown>;
}

/** What a resource's `Ref` and `Fn::GetAtt` give. */
interface ResourceValues {
  ref: string;
  attributes: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function pseudoParameter(name: string, ctx: IntrinsicContext): string | undefined {
  const values: Record<string, string> = {
    'AWS::StackName': ctx.stackName,
    'AWS::Region': ctx.region,
    'AWS::AccountId': ctx.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/00000000-0000-0000-0000-000000000000`,
  };
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** The physical name of a declared resource: its name property, resolved, or `<stack>-<LogicalId>`. */
function physicalName(logicalId: string, declared: Declared, nameProperty: string, ctx: IntrinsicContext, seen: Set<string>): string {
  const given = declared.Properties?.[nameProperty];
  if (given === undefined) return `${ctx.stackName}-${logicalId}`;
  const name = resolveWith(given, ctx, `resources.${logicalId}.Properties.${nameProperty}`, seen);
  if (typeof name !== 'string') throw new IntrinsicError(`resources.${logicalId}.Properties.${nameProperty}`, `expected a string, found ${JSON.stringify(name)}`);
  return name;
}

function resourceValues(logicalId: string, ctx: IntrinsicContext, path: string, seen: Set<string>): ResourceValues {
  const declared = Object.hasOwn(ctx.resources, logicalId) ? ctx.resources[logicalId] : undefined;
  if (!isRecord(declared)) {
    const known = Object.keys(ctx.resources);
    throw new IntrinsicError(path, `expected the logical id of a resource in the stage's "resources" (${known.length ? known.join(', ') : 'there are none'}), found "${logicalId}"`);
  }
  if (seen.has(logicalId)) throw new IntrinsicError(path, `"${logicalId}" refers to itself`);
  const inner = new Set(seen).add(logicalId);
  const { region, accountId } = ctx;
  const type = String((declared as Declared).Type);
  switch (type) {
    case 'AWS::DynamoDB::Table': {
      const name = physicalName(logicalId, declared, 'TableName', ctx, inner);
      const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
      return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/1970-01-01T00:00:00.000` } };
    }
    case 'AWS::SNS::Topic': {
      const name = physicalName(logicalId, declared, 'TopicName', ctx, inner);
      const arn = `arn:aws:sns:${region}:${accountId}:${name}`;
      return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
    }
    case 'AWS::SQS::Queue': {
      const name = physicalName(logicalId, declared, 'QueueName', ctx, inner);
      const url = `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
      return { ref: url, attributes: { Arn: `arn:aws:sqs:${region}:${accountId}:${name}`, QueueName: name, QueueUrl: url } };
    }
    case 'AWS::S3::Bucket': {
      const name = physicalName(logicalId, declared, 'BucketName', ctx, inner).toLowerCase();
      return { ref: name, attributes: { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com` } };
    }
    default:
      return { ref: `${ctx.stackName}-${logicalId}`, attributes: {} };
  }
}

function resolveRef(target: unknown, ctx: IntrinsicContext, path: string, seen: Set<string>): string {
  if (typeof target !== 'string') throw new IntrinsicError(path, `expected Ref to name a resource or a pseudo parameter, found ${JSON.stringify(target)}`);
  return pseudoParameter(target, ctx) ?? resourceValues(target, ctx, path, seen).ref;
}

function resolveGetAtt(args: unknown, ctx: IntrinsicContext, path: string, seen: Set<string>): string {
  const dot = typeof args === 'string' ? args.indexOf('.') : -1;
  const parts = typeof args === 'string' ? (dot > 0 ? [args.slice(0, dot), args.slice(dot + 1)] : [args]) : args;
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((p) => typeof p === 'string' && p !== '')) {
    throw new IntrinsicError(path, `expected Fn::GetAtt to be ["LogicalId", "Attribute"] or "LogicalId.Attribute", found ${JSON.stringify(args)}`);
  }
  const [logicalId, attribute] = parts as [string, string];
  const values = resourceValues(logicalId, ctx, path, seen);
  if (!Object.hasOwn(values.attributes, attribute)) {
    const known = Object.keys(values.attributes);
    throw new IntrinsicError(path, `expected an attribute tsappa serve knows for "${logicalId}" (${known.length ? known.join(', ') : 'none for its type'}), found "${attribute}"`);
  }
  return values.attributes[attribute] as string;
}

function resolveSub(args: unknown, ctx: IntrinsicContext, path: string, seen: Set<string>): string {
  const [template, variables] = Array.isArray(args) ? args : [args, {}];
  if (typeof template !== 'string' || !isRecord(variables)) {
    throw new IntrinsicError(path, `expected Fn::Sub to be a string or ["string", { variables }], found ${JSON.stringify(args)}`);
  }
  return template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal}
    if (Object.hasOwn(variables, name)) return String(resolveWith(variables[name], ctx, `${path}.${name}`, seen));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return resolveGetAtt([name.slice(0, dot), name.slice(dot + 1)], ctx, path, seen);
    return resolveRef(name, ctx, path, seen);
  });
}

function resolveJoin(args: unknown, ctx: IntrinsicContext, path: string, seen: Set<string>): string {
  if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string' || !Array.isArray(args[1])) {
    throw new IntrinsicError(path, `expected Fn::Join to be ["delimiter", [values]], found ${JSON.stringify(args)}`);
  }
  return (args[1] as unknown[]).map((item, i) => String(resolveWith(item, ctx, `${path}[${i}]`, seen))).join(args[0]);
}

function resolveWith(value: unknown, ctx: IntrinsicContext, path: string, seen: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveWith(item, ctx, `${path}[${i}]`, seen));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const args = value[key];
    if (key === 'Ref') return resolveRef(args, ctx, path, seen);
    if (key === 'Fn::GetAtt') return resolveGetAtt(args, ctx, path, seen);
    if (key === 'Fn::Sub') return resolveSub(args, ctx, path, seen);
    if (key === 'Fn::Join') return resolveJoin(args, ctx, path, seen);
    if (key.startsWith('Fn::')) throw new IntrinsicError(path, `expected Ref, Fn::GetAtt, Fn::Sub or Fn::Join (what tsappa serve resolves locally), found ${key}`);
  }
  return Object.fromEntries(keys.map((key) => [key, resolveWith(value[key], ctx, `${path}.${key}`, seen)]));
}

/** `value` with every intrinsic in it resolved; `path` names it in errors (e.g. `extraPolicies[0]`). */
export function resolveIntrinsics(value: unknown, ctx: IntrinsicContext, path: string): unknown {
  return resolveWith(value, ctx, path, new Set());
}
