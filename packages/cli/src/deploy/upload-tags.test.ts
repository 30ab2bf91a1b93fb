/** Uploads tag artifacts in use, and still deploy with credentials that may not tag. */
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadIfMissing } from './upload.js';

const denied = () => Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

/** S3 as these credentials see it: the key exists or not; tagging allowed or denied. */
function fakeS3(options: { exists: boolean; canTag: boolean }) {
  const sent: { name: string; tagging?: unknown }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: { Tagging?: unknown } }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push({ name, ...(command.input.Tagging === undefined ? {} : { tagging: command.input.Tagging }) });
      if (name === 'HeadObject' && !options.exists) throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      if (!options.canTag && (name.endsWith('ObjectTagging') || (name === 'PutObject' && command.input.Tagging !== undefined))) throw denied();
      if (name === 'GetObjectTagging') return { TagSet: [{ Key: 'tsappa-artifact', Value: 'retired-30d' }] };
      return {};
    },
  };
  return { client: client as unknown as S3Client, sent };
}

const zip = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'tsappa-upload-')), 'a.zip');
  writeFileSync(file, 'zip bytes');
  return file;
};

describe('artifact tags on upload', () => {
  it('a new artifact goes up tagged in use', async () => {
    const s3 = fakeS3({ exists: false, canTag: true });
    expect(await uploadIfMissing(s3.client, 'b', 'k.zip', zip())).toEqual({ key: 'k.zip', uploaded: true, bytes: 9 });
    expect(s3.sent).toEqual([{ name: 'HeadObject' }, { name: 'PutObject', tagging: 'tsappa-artifact=in-use' }]);
  });

  it('an artifact retired earlier and deployed again is tagged in use again', async () => {
    const s3 = fakeS3({ exists: true, canTag: true });
    await uploadIfMissing(s3.client, 'b', 'k.zip', zip());
    expect(s3.sent).toEqual([{ name: 'HeadObject' }, { name: 'GetObjectTagging' }, { name: 'PutObjectTagging', tagging: { TagSet: [{ Key: 'tsappa-artifact', Value: 'in-use' }] } }]);
  });

  it('credentials that may not tag still upload, untagged (an untagged object never expires)', async () => {
    const fresh = fakeS3({ exists: false, canTag: false });
    expect((await uploadIfMissing(fresh.client, 'b', 'k.zip', zip())).uploaded).toBe(true);
    expect(fresh.sent.map((c) => [c.name, c.tagging ?? null])).toEqual([
      ['HeadObject', null],
      ['PutObject', 'tsappa-artifact=in-use'],
      ['PutObject', null],
    ]);
    const existing = fakeS3({ exists: true, canTag: false });
    expect((await uploadIfMissing(existing.client, 'b', 'k.zip', zip())).uploaded).toBe(false);
  });

  it('any other failure of the upload is an error', async () => {
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'HeadObjectCommand') throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
        throw Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
      },
    } as unknown as S3Client;
    await expect(uploadIfMissing(client, 'b', 'k.zip', zip())).rejects.toThrow('SlowDown');
  });
});
