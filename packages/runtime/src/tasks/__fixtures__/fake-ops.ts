/** An in-memory AwsOps for unit tests: records every call. */
import { Readable } from 'node:stream';
import type { AwsOps, InvokeTarget, TaskRecord } from '../ops-types.js';

export class FakeAws implements AwsOps {
  objects = new Map<string, Buffer>();
  secrets = new Map<string, string>();
  invokes: Array<{ target: InvokeTarget; payload: string }> = [];
  publishes: Array<{ topicArn: string; message: string }> = [];
  records = new Map<string, TaskRecord>();
  recordHistory: TaskRecord[] = [];
  deleted: string[] = [];
  failInvoke: Error | null = null;

  private static id(bucket: string, key: string): string {
    return `${bucket}/${key}`;
  }
  put(bucket: string, key: string, body: string | Buffer): void {
    this.objects.set(FakeAws.id(bucket, key), Buffer.from(body));
  }
  has(bucket: string, key: string): boolean {
    return this.objects.has(FakeAws.id(bucket, key));
  }
  async invokeEvent(target: InvokeTarget, payload: string): Promise<void> {
    if (this.failInvoke) throw this.failInvoke;
    this.invokes.push({ target, payload });
  }
  async publish(topicArn: string, message: string): Promise<void> {
    this.publishes.push({ topicArn, message });
  }
  async putObject(bucket: string, key: string, body: string): Promise<void> {
    this.put(bucket, key, body);
  }
  private get(bucket: string, key: string): Buffer {
    const body = this.objects.get(FakeAws.id(bucket, key));
    if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return body;
  }
  async getObjectText(bucket: string, key: string): Promise<string> {
    return this.get(bucket, key).toString('utf8');
  }
  async getObjectStream(bucket: string, key: string): Promise<Readable> {
    const body = this.get(bucket, key);
    // several chunks, like a network stream
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 4096) chunks.push(body.subarray(i, i + 4096));
    return Readable.from(chunks);
  }
  async deleteObject(bucket: string, key: string): Promise<void> {
    this.deleted.push(FakeAws.id(bucket, key));
    this.objects.delete(FakeAws.id(bucket, key));
  }
  async getSecretString(secretId: string): Promise<string> {
    const value = this.secrets.get(secretId);
    if (value === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' });
    return value;
  }
  async putTaskRecord(table: string, record: TaskRecord): Promise<void> {
    this.records.set(`${table}/${record.id}`, record);
    this.recordHistory.push(record);
  }
  async getTaskRecord(table: string, id: string): Promise<TaskRecord | null> {
    return this.records.get(`${table}/${id}`) ?? null;
  }
}
