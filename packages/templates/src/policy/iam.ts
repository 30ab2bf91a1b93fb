/**
 * Rules for IAM policies anywhere in the template (roles' inline policies, AWS::IAM::Policy and
 * ManagedPolicy): no Allow of every action, and no write action on every resource.
 */
import { asList, type PolicyFinding, type PolicyInput, type PolicyRule, type Properties } from './rule.js';

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
}

/** Actions that only read: allowed on "*". */
const READ_ONLY = /^[\w-]+:(Get|List|Describe|Head|BatchGet)/;

/**
 * Write actions that AWS itself grants on "*" because they have no resource-level permissions
 * (X-Ray: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html)
 * or act on network interfaces Lambda creates in the function's subnets, unknown in advance
 * (the managed policy AWSLambdaVPCAccessExecutionRole:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions).
 */
export const WRITE_ON_ANY_RESOURCE_ALLOWED = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
]);

/** Every statement of every IAM policy in the template, with the logical id holding it. */
function statements(input: PolicyInput): [string, Statement][] {
  const found: [string, Statement][] = [];
  for (const [id, resource] of Object.entries(input.template.Resources)) {
    const p: Properties = resource.Properties ?? {};
    const documents: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Role' || resource.Type === 'AWS::IAM::User' || resource.Type === 'AWS::IAM::Group') {
      for (const policy of asList(p.Policies as Properties[] | undefined)) documents.push(policy.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy' || resource.Type === 'AWS::IAM::RolePolicy') documents.push(p.PolicyDocument);
    for (const document of documents) {
      for (const statement of asList((document as { Statement?: Statement | Statement[] } | undefined)?.Statement)) found.push([id, statement]);
    }
  }
  return found.filter(([, s]) => s.Effect === 'Allow');
}

function everyResource(resource: unknown): boolean {
  return asList(resource).some((r) => r === '*');
}

export const noWildcardAction: PolicyRule = {
  id: 'iam-no-wildcard-action',
  title: 'no IAM statement allows every action ("Action": "*" or "NotAction")',
  compare: 'checkov CKV_AWS_109/CKV_AWS_111 family; CKV_AWS_62 (no "*:*" admin policy)',
  check: (input) =>
    statements(input).flatMap(([resource, s]): PolicyFinding[] => {
      if (asList(s.Action).includes('*')) return [{ rule: noWildcardAction.id, resource, message: 'allows "Action": "*"' }];
      if (s.NotAction !== undefined) return [{ rule: noWildcardAction.id, resource, message: 'allows every action but some ("NotAction")' }];
      return [];
    }),
};

export const noWriteOnEveryResource: PolicyRule = {
  id: 'iam-no-write-on-every-resource',
  title: 'no IAM statement allows a write action on "Resource": "*" (but the actions AWS grants only that way)',
  compare: 'checkov CKV_AWS_111 (write access without constraints)',
  check: (input) =>
    statements(input).flatMap(([resource, s]): PolicyFinding[] => {
      if (!everyResource(s.Resource)) return [];
      const writes = asList(s.Action).filter((action) => !READ_ONLY.test(action) && !WRITE_ON_ANY_RESOURCE_ALLOWED.has(action));
      return writes.length > 0 ? [{ rule: noWriteOnEveryResource.id, resource, message: `allows ${writes.join(', ')} on "Resource": "*"` }] : [];
    }),
};
