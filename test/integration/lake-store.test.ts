import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/adapters/s3/client';
import { localLakeStore, openLakeStore, readJson, s3LakeStore, writeJson, type LakeStore } from '../../src/adapters/lake';
import { MOTO_CREDENTIALS } from '../../src/stack';
import { testConfig, uniqueName } from '../support/config';

const config = testConfig();
const motoEndpoint = `http://127.0.0.1:${config.motoPort}`;

/** The behaviour every lake store shares, whatever holds the objects. */
function behavesAsALakeStore(open: () => Promise<{ store: LakeStore; cleanUp: () => void }>): void {
  let store: LakeStore;
  let cleanUp: () => void;
  let scratch: string;

  beforeEach(async () => {
    ({ store, cleanUp } = await open());
    scratch = mkdtempSync(join(tmpdir(), 'streamify-store-'));
  });
  afterEach(() => {
    store.close();
    cleanUp();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('puts, replaces and gets an object; a missing one is undefined', async () => {
    await store.put('raw/a/one.txt', 'first');
    await store.put('raw/a/one.txt', Buffer.from('second'));
    assert.equal((await store.get('raw/a/one.txt'))?.toString(), 'second');
    assert.equal(await store.get('raw/a/none.txt'), undefined);
  });

  it('puts the content of a local file, which stays', async () => {
    const local = join(scratch, 'x.parquet');
    writeFileSync(local, 'PAR1…');
    await store.putFile('raw/t/dt=2026-11-25/hour=12/x.parquet', local);
    assert.equal((await store.get('raw/t/dt=2026-11-25/hour=12/x.parquet'))?.toString(), 'PAR1…');
    assert.deepEqual(readdirSync(scratch), ['x.parquet']);
  });

  it('lists the objects under a prefix, sorted, with sizes; a prefix may end inside a name', async () => {
    for (const key of ['raw/t/hour=13/b', 'raw/t/hour=12/b', 'raw/t/hour=12/a', 'raw/u/hour=12/a', 'rawer/x']) await store.put(key, 'abc');
    assert.deepEqual(await store.list('raw/t/'), [
      { key: 'raw/t/hour=12/a', sizeBytes: 3 },
      { key: 'raw/t/hour=12/b', sizeBytes: 3 },
      { key: 'raw/t/hour=13/b', sizeBytes: 3 },
    ]);
    assert.deepEqual(
      (await store.list('raw/t/hour=1')).map((o) => o.key),
      ['raw/t/hour=12/a', 'raw/t/hour=12/b', 'raw/t/hour=13/b'],
    );
    assert.deepEqual(
      (await store.list('raw')).map((o) => o.key),
      ['raw/t/hour=12/a', 'raw/t/hour=12/b', 'raw/t/hour=13/b', 'raw/u/hour=12/a', 'rawer/x'],
    );
    assert.deepEqual(await store.list('nothing/here/'), []);
  });

  it('moves an object to another key, e.g. into quarantine', async () => {
    await store.put('raw/t/hour=12/a.parquet', 'rows');
    await store.move('raw/t/hour=12/a.parquet', 'quarantine/t/hour=12/a.parquet');
    assert.equal(await store.get('raw/t/hour=12/a.parquet'), undefined);
    assert.equal((await store.get('quarantine/t/hour=12/a.parquet'))?.toString(), 'rows');
  });

  it('deletes an object, and deleting a missing one is no error', async () => {
    await store.put('raw/a', 'x');
    await store.delete('raw/a');
    await store.delete('raw/a');
    assert.deepEqual(await store.list('raw/'), []);
  });

  it('round-trips JSON', async () => {
    await writeJson(store, '_watermarks/t/p-0.json', { maxEventTime: '2026-11-25T12:00:00.000Z', committedOffset: 10 });
    assert.deepEqual(await readJson(store, '_watermarks/t/p-0.json'), { maxEventTime: '2026-11-25T12:00:00.000Z', committedOffset: 10 });
    assert.equal(await readJson(store, '_watermarks/t/none.json'), undefined);
  });

  it('refuses keys that would leave the root', async () => {
    for (const key of ['../x', '/abs', 'a//b', 'a/./b', '']) await assert.rejects(store.put(key, 'x'), /is not a lake key/);
  });
}

describe('lake store', () => {
  describe('in a local folder (file://)', () => {
    behavesAsALakeStore(async () => {
      const root = mkdtempSync(join(tmpdir(), 'streamify-lake-'));
      return { store: localLakeStore(`file://${root}`), cleanUp: () => rmSync(root, { recursive: true, force: true }) };
    });

    it('never shows a file being written, and leaves no temporary file behind', async () => {
      const root = mkdtempSync(join(tmpdir(), 'streamify-lake-'));
      const store = localLakeStore(`file://${root}`);
      try {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('raw/same.json', JSON.stringify({ i }))));
        assert.deepEqual(readdirSync(join(root, 'raw')), ['same.json']);
        assert.ok('i' in ((await readJson(store, 'raw/same.json')) as object));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe('on S3 (moto)', () => {
    behavesAsALakeStore(async () => {
      const bucket = uniqueName('lake-store');
      const s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: motoEndpoint }, MOTO_CREDENTIALS);
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      return { store: s3LakeStore(`s3://${bucket}/team/lake`, s3), cleanUp: () => undefined };
    });

    it('is what openLakeStore gives for an s3:// LAKE_URL, under its prefix', async () => {
      const bucket = uniqueName('lake-open');
      const c = { lakeUrl: `s3://${bucket}/prefix`, awsRegion: config.awsRegion, s3Endpoint: motoEndpoint };
      const admin = createS3Client(c, MOTO_CREDENTIALS);
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      const store = openLakeStore(c, MOTO_CREDENTIALS);
      try {
        await store.put('raw/x', 'y');
        const other = s3LakeStore(`s3://${bucket}`, admin);
        assert.deepEqual(await other.list(''), [{ key: 'prefix/raw/x', sizeBytes: 1 }]);
      } finally {
        store.close();
        admin.destroy();
      }
    });
  });
});
