export { checkKey, readJson, writeJson, type LakeObject, type LakeStore } from './store';
export { localLakeStore } from './local-store';
export { parseS3Url, s3LakeStore } from './s3-store';
export { openLakeStore } from './open';
export { CorruptProgressError, datasetProgress, lakeWatermark, readProgress, writeProgress } from './watermark';
