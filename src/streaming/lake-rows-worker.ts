import { parentPort, workerData } from 'node:worker_threads';
import { lakeRecordOf } from '../domain/lake';
import { serveRows } from './lake-rows-server';

if (parentPort !== null) serveRows((workerData as { emailHashKey: string }).emailHashKey, lakeRecordOf);
