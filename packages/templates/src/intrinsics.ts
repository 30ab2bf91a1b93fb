/** Small builders for CloudFormation intrinsic functions. */

export const ref = (logicalId: string) => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const sub = (text: string) => ({ 'Fn::Sub': text });

/** Escapes user text placed inside an `Fn::Sub` string (`${` would start a substitution). */
export const literal = (text: string) => text.replace(/\$\{/g, '${!');

/** `arn:${AWS::Partition}:<service>:<region>:<account>:<resource>` for this stack's region/account. */
export const stackArn = (service: string, resource: string) =>
  sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

/** `[{ Key, Value }]`, sorted by key: the tag list every taggable resource takes. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] as string }));
}

/** Adds `Tags` to properties when there are tags. */
export function withTags<T extends Record<string, unknown>>(properties: T, tags: Record<string, string>): T {
  const list = tagList(tags);
  return list.length > 0 ? { ...properties, Tags: list } : properties;
}
