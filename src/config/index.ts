export { loadConfig, describeConfig, envExample, ConfigError, secretSettingNames, secretConfigKeys, type Config } from './load';
export { configReference } from './reference';
export { readSettingFile } from './files';
export { requireOwnEmailKey } from './email-key';
export { TASK_QUEUE, topicsOf, type Topics } from './topics';
