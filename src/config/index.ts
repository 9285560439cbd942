export { loadConfig, describeConfig, envExample, ConfigError, secretSettingNames, type Config } from './load';
export { TASK_QUEUE, topicsOf, type Topics } from './topics';
