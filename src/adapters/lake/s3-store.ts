import { readFile } from 'node:fs/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { checkKey, type LakeObject, type LakeStore } from './store';

/** The bucket and key prefix of an s3://BUCKET[/PREFIX] URL; the prefix is empty or ends with a slash. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new RangeError(`"${url}" is not an s3://BUCKET[/PREFIX] URL`);
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  return { bucket: match[1] as string, prefix: prefix === '' ? '' : `${prefix}/` };
}

/** The lake under an S3 prefix (LAKE_URL=s3://BUCKET/PREFIX); an S3 PUT is atomic and durable once acknowledged. */
export function s3LakeStore(url: string, s3: S3Client): LakeStore {
  const { bucket, prefix } = parseS3Url(url);
  const objectKey = (key: string): string => prefix + checkKey(key);

  return {
    url,

    async put(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: body }));
    },

    async putFile(key, localPath) {
      // Lake files are a flush of one partition, megabytes: read whole, so the SDK knows the length.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: await readFile(localPath) }));
    },

    async get(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (err) {
        if (err instanceof NoSuchKey) return undefined;
        throw err;
      }
    },

    async list(keyPrefix) {
      const objects: LakeObject[] = [];
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix + keyPrefix })) {
        for (const o of page.Contents ?? []) {
          if (o.Key !== undefined) objects.push({ key: o.Key.slice(prefix.length), sizeBytes: o.Size ?? 0 });
        }
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async move(fromKey, toKey) {
      const source = objectKey(fromKey).split('/').map(encodeURIComponent).join('/');
      await s3.send(new CopyObjectCommand({ Bucket: bucket, CopySource: `${bucket}/${source}`, Key: objectKey(toKey) }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(fromKey) }));
    },

    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    close() {
      s3.destroy();
    },
  };
}
