import { z } from 'zod';
import { unreadableReason } from './files';

/** One environment setting: its name, what it means, how it is parsed and its default. */
export interface Setting<T> {
  readonly name: string;
  readonly doc: string;
  readonly schema: z.ZodType<T>;
  /** The default, possibly computed from other raw settings (e.g. an address from a port). */
  readonly default?: string | ((env: RawEnv) => string);
  /** How the default reads in docs and .env.example when it is computed. */
  readonly defaultDoc?: string;
  /** Secrets are never printed, logged or echoed back in error messages. */
  readonly secret?: boolean;
  readonly group: string;
}

export type RawEnv = Readonly<Record<string, string | undefined>>;

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const text = z.string().min(1);
const optionalText = z.string().optional();
const hostPort = z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port');
const hostPortList = z.string().regex(/^[^\s:,]+:\d{1,5}(,[^\s:,]+:\d{1,5})*$/, 'expected host:port[,host:port…]');
const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'expected a Kafka topic name');
const lakeUrl = z
  .string()
  .regex(/^(file:\/\/.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/, 'expected file://PATH or s3://BUCKET[/PREFIX]');
const httpUrl = z
  .string()
  .url()
  .regex(/^https?:\/\//, 'expected an http(s) URL')
  .optional();

/** A path to a file this process can read, checked when the settings load so a bad path fails at start. */
const readableFile = z
  .string()
  .superRefine((path, ctx) => {
    const why = unreadableReason(path);
    if (why) ctx.addIssue({ code: 'custom', message: `cannot read the file (${why})` });
  })
  .optional();

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

/** Every setting Streamify reads, in the order `.env.example` documents them. */
export const settings = {
  // Kafka
  kafkaBootstrapServers: setting({
    group: 'Kafka',
    name: 'KAFKA_BOOTSTRAP_SERVERS',
    doc: 'Kafka brokers the clients connect to.',
    schema: hostPortList,
    default: (env) => `127.0.0.1:${env.KAFKA_PORT ?? '9092'}`,
    defaultDoc: '127.0.0.1:$KAFKA_PORT',
  }),
  kafkaClientId: setting({
    group: 'Kafka',
    name: 'KAFKA_CLIENT_ID',
    doc: 'Client id the Kafka clients report to the broker.',
    schema: text,
    default: 'streamify',
  }),
  topicSales: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_SALES',
    doc: 'Topic of purchase transactions.',
    schema: topicName,
    default: 'sales_stream',
  }),
  topicActivity: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_ACTIVITY',
    doc: 'Topic of page views and add-to-cart events.',
    schema: topicName,
    default: 'user_activity',
  }),
  topicFraud: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_FRAUD',
    doc: 'Topic of fraud alerts.',
    schema: topicName,
    default: 'fraud_alerts',
  }),
  topicAnalytics: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_ANALYTICS',
    doc: 'Topic of closed window results.',
    schema: topicName,
    default: 'analytics',
  }),
  topicRules: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_RULES',
    doc: 'Compacted topic of fraud rule versions.',
    schema: topicName,
    default: 'fraud_rules',
  }),
  topicPartitions: setting({
    group: 'Kafka',
    name: 'KAFKA_TOPIC_PARTITIONS',
    doc: 'Partitions of each topic created by `streamify topics create`.',
    schema: positiveInt,
    default: '6',
  }),
  topicReplicationFactor: setting({
    group: 'Kafka',
    name: 'KAFKA_REPLICATION_FACTOR',
    doc: 'Replication factor of created topics (1 on the local single-node broker).',
    schema: positiveInt,
    default: '1',
  }),

  // Kafka security
  kafkaSecurityProtocol: setting({
    group: 'Kafka security',
    name: 'KAFKA_SECURITY_PROTOCOL',
    doc: 'How clients talk to the brokers: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL (SASL over TLS).',
    schema: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']),
    default: 'PLAINTEXT',
  }),
  kafkaSslCaFile: setting({
    group: 'Kafka security',
    name: 'KAFKA_SSL_CA_FILE',
    doc: 'PEM file of the CA that signed the brokers’ certificates (SSL, SASL_SSL); unset trusts the system CAs.',
    schema: readableFile,
  }),
  kafkaSslCertFile: setting({
    group: 'Kafka security',
    name: 'KAFKA_SSL_CERT_FILE',
    doc: 'PEM client certificate for mutual TLS (with KAFKA_SSL_KEY_FILE).',
    schema: readableFile,
  }),
  kafkaSslKeyFile: setting({
    group: 'Kafka security',
    name: 'KAFKA_SSL_KEY_FILE',
    doc: 'PEM private key of KAFKA_SSL_CERT_FILE.',
    schema: readableFile,
  }),
  kafkaSaslMechanism: setting({
    group: 'Kafka security',
    name: 'KAFKA_SASL_MECHANISM',
    doc: 'SASL mechanism (SASL_PLAINTEXT, SASL_SSL): plain, scram-sha-256 or scram-sha-512.',
    schema: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  }),
  kafkaSaslUsername: setting({
    group: 'Kafka security',
    name: 'KAFKA_SASL_USERNAME',
    doc: 'SASL user name (SASL_PLAINTEXT, SASL_SSL).',
    schema: optionalText,
  }),
  kafkaSaslPassword: setting({
    group: 'Kafka security',
    name: 'KAFKA_SASL_PASSWORD',
    doc: 'SASL password (SASL_PLAINTEXT, SASL_SSL).',
    schema: optionalText,
    secret: true,
  }),

  // Fraud consumer
  fraudConsumerGroup: setting({
    group: 'Fraud consumer',
    name: 'FRAUD_CONSUMER_GROUP',
    doc: 'Consumer group of `streamify stream fraud`; instances in one group split the partitions.',
    schema: text,
    default: 'streamify-fraud',
  }),
  fraudRebuildMessages: setting({
    group: 'Fraud consumer',
    name: 'FRAUD_REBUILD_MESSAGES',
    doc: 'Messages of history per partition replayed (no alerts) to rebuild user state when a partition is assigned.',
    schema: z.coerce.number().int().nonnegative(),
    default: '100000',
  }),
  fraudMetricsPort: setting({
    group: 'Fraud consumer',
    name: 'FRAUD_METRICS_PORT',
    doc: 'Port of the fraud consumer’s /metrics, /healthz and /readyz (0 picks a free one).',
    schema: z.coerce.number().int().min(0).max(65535),
    default: '9464',
  }),

  // Analytics consumer
  analyticsConsumerGroup: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_CONSUMER_GROUP',
    doc: 'Consumer group prefix of `streamify stream analytics`: <prefix>-panes splits the inputs, <prefix>-windows merges them.',
    schema: text,
    default: 'streamify-analytics',
  }),
  analyticsSlideMs: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_SLIDE_MS',
    doc: 'Slide of the 1-minute windows in milliseconds; it must divide 60000.',
    schema: positiveInt.refine((n) => 60_000 % n === 0, 'must divide 60000'),
    default: '10000',
  }),
  analyticsAllowedLatenessMs: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_ALLOWED_LATENESS_MS',
    doc: 'How far behind a partition’s newest event time an event may arrive and still count, in milliseconds.',
    schema: z.coerce.number().int().nonnegative(),
    default: '10000',
  }),
  analyticsIdleTimeoutMs: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_IDLE_TIMEOUT_MS',
    doc: 'Processing time after which a silent input partition stops holding windows open, in milliseconds.',
    schema: positiveInt,
    default: '30000',
  }),
  analyticsRebuildMessages: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_REBUILD_MESSAGES',
    doc: 'Messages of history per partition replayed (no output) to rebuild window state when a partition is assigned.',
    schema: z.coerce.number().int().nonnegative(),
    default: '50000',
  }),

  // Metrics
  metricsHost: setting({
    group: 'Metrics',
    name: 'METRICS_HOST',
    doc: 'Address the /metrics endpoints of the worker and the stream consumers listen on; 0.0.0.0 in a container, so that their ports can be published.',
    schema: text,
    default: '127.0.0.1',
  }),

  // Worker
  workerMetricsPort: setting({
    group: 'Worker',
    name: 'WORKER_METRICS_PORT',
    doc: 'Port of the Temporal worker’s Prometheus /metrics (the SDK’s metrics); 0 turns it off.',
    schema: z.coerce.number().int().min(0).max(65535),
    default: '9466',
  }),

  // Metrics of the other consumers
  analyticsMetricsPort: setting({
    group: 'Analytics consumer',
    name: 'ANALYTICS_METRICS_PORT',
    doc: 'Port of `stream analytics`’s /metrics, /healthz and /readyz (0 picks a free one).',
    schema: z.coerce.number().int().min(0).max(65535),
    default: '9465',
  }),
  lakeMetricsPort: setting({
    group: 'Lake sink',
    name: 'LAKE_METRICS_PORT',
    doc: 'Port of `stream lake`’s /metrics, /healthz and /readyz (0 picks a free one).',
    schema: z.coerce.number().int().min(0).max(65535),
    default: '9467',
  }),

  // Temporal
  temporalAddress: setting({
    group: 'Temporal',
    name: 'TEMPORAL_ADDRESS',
    doc: 'Temporal frontend the worker and clients connect to.',
    schema: hostPort,
    default: (env) => `127.0.0.1:${env.TEMPORAL_PORT ?? '7233'}`,
    defaultDoc: '127.0.0.1:$TEMPORAL_PORT',
  }),
  temporalNamespace: setting({
    group: 'Temporal',
    name: 'TEMPORAL_NAMESPACE',
    doc: 'Temporal namespace of every workflow.',
    schema: text,
    default: 'default',
  }),
  temporalTls: setting({
    group: 'Temporal',
    name: 'TEMPORAL_TLS',
    doc: 'Connect with TLS (true/false); implied by any TEMPORAL_TLS_* file, TEMPORAL_TLS_SERVER_NAME or TEMPORAL_API_KEY.',
    schema: z.stringbool(),
    default: 'false',
  }),
  temporalTlsCertFile: setting({
    group: 'Temporal',
    name: 'TEMPORAL_TLS_CERT_FILE',
    doc: 'PEM client certificate for mutual TLS (with TEMPORAL_TLS_KEY_FILE), e.g. for a Temporal Cloud namespace.',
    schema: readableFile,
  }),
  temporalTlsKeyFile: setting({
    group: 'Temporal',
    name: 'TEMPORAL_TLS_KEY_FILE',
    doc: 'PEM private key of TEMPORAL_TLS_CERT_FILE.',
    schema: readableFile,
  }),
  temporalTlsCaFile: setting({
    group: 'Temporal',
    name: 'TEMPORAL_TLS_CA_FILE',
    doc: 'PEM file of the CA that signed the server’s certificate; unset trusts the system CAs.',
    schema: readableFile,
  }),
  temporalTlsServerName: setting({
    group: 'Temporal',
    name: 'TEMPORAL_TLS_SERVER_NAME',
    doc: 'Server name checked against the server’s certificate when it differs from the address’s host.',
    schema: optionalText,
  }),
  temporalApiKey: setting({
    group: 'Temporal',
    name: 'TEMPORAL_API_KEY',
    doc: 'API key sent with every call (Temporal Cloud); implies TLS.',
    schema: optionalText,
    secret: true,
  }),

  // Lake and AWS
  lakeUrl: setting({
    group: 'Lake and AWS',
    name: 'LAKE_URL',
    doc: 'Root of the data lake: file://PATH (local) or s3://BUCKET/PREFIX.',
    schema: lakeUrl,
    default: 'file://.data/lake',
  }),
  s3BucketName: setting({
    group: 'Lake and AWS',
    name: 'S3_BUCKET_NAME',
    doc: 'Bucket of the lake on S3 (used when LAKE_URL names none).',
    schema: text,
    default: 'streamify-analytics-data-lake',
  }),
  s3Endpoint: setting({
    group: 'Lake and AWS',
    name: 'S3_ENDPOINT',
    doc: 'Endpoint of an S3-compatible store (e.g. moto on the local stack); unset means AWS.',
    schema: httpUrl,
  }),
  awsRegion: setting({
    group: 'Lake and AWS',
    name: 'AWS_DEFAULT_REGION',
    doc: 'AWS region of S3 and Glue.',
    schema: text,
    default: 'us-east-1',
  }),
  glueMode: setting({
    group: 'Lake and AWS',
    name: 'GLUE_MODE',
    doc: 'Where the hourly transform runs: local (DuckDB), aws (a Glue job) or spark (the Glue job on local PySpark, over a file:// lake).',
    schema: z.enum(['local', 'aws', 'spark']),
    default: 'local',
  }),
  glueEndpoint: setting({
    group: 'Lake and AWS',
    name: 'GLUE_ENDPOINT',
    doc: 'Endpoint of a Glue-compatible API (e.g. moto); unset means AWS.',
    schema: httpUrl,
  }),
  glueJobName: setting({
    group: 'Lake and AWS',
    name: 'GLUE_JOB_NAME',
    doc: 'Glue job the hourly ETL runs with GLUE_MODE=aws (`streamify glue deploy` creates it: glue/transform_job.py with the sql/transform files as --extra-files).',
    schema: text,
    default: 'streamify-hourly-transform',
  }),

  // Lake sink
  lakeConsumerGroup: setting({
    group: 'Lake sink',
    name: 'LAKE_CONSUMER_GROUP',
    doc: 'Consumer group of `streamify stream lake`; its committed offsets say what the lake holds.',
    schema: text,
    default: 'streamify-lake',
  }),
  lakeFlushMessages: setting({
    group: 'Lake sink',
    name: 'LAKE_FLUSH_MESSAGES',
    doc: 'Messages a topic-partition buffers before the lake sink writes them (one Parquet file per event-time hour).',
    schema: positiveInt,
    default: '20000',
  }),
  lakeFlushAgeMs: setting({
    group: 'Lake sink',
    name: 'LAKE_FLUSH_AGE_MS',
    doc: 'Longest a buffered message waits before the lake sink writes it, in milliseconds.',
    schema: positiveInt,
    default: '60000',
  }),
  emailHashKey: setting({
    group: 'Lake sink',
    name: 'EMAIL_HASH_KEY',
    doc: 'Key of the HMAC-SHA-256 that replaces emails (and, under a key derived from it, device ids) before they reach the lake. The default is for local development only.',
    schema: text,
    default: 'streamify-local-development-only',
    secret: true,
  }),

  // Warehouse
  warehouse: setting({
    group: 'Warehouse',
    name: 'WAREHOUSE',
    doc: 'Warehouse the ETL loads: duckdb (a local file) or snowflake.',
    schema: z.enum(['duckdb', 'snowflake']),
    default: 'duckdb',
  }),
  warehouseDuckdbPath: setting({
    group: 'Warehouse',
    name: 'WAREHOUSE_DUCKDB_PATH',
    doc: 'DuckDB file of the local warehouse.',
    schema: text,
    default: '.data/warehouse.duckdb',
  }),
  snowflakeAccount: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_ACCOUNT',
    doc: 'Snowflake account identifier (required with WAREHOUSE=snowflake).',
    schema: optionalText,
  }),
  snowflakeUrl: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_URL',
    doc: 'Snowflake endpoint (http(s)://host[:port]); unset means the one SNOWFLAKE_ACCOUNT names. Set it for a private link or a stand-in.',
    schema: httpUrl,
  }),
  snowflakeUser: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_USER',
    doc: 'Snowflake user (required with WAREHOUSE=snowflake).',
    schema: optionalText,
  }),
  snowflakePassword: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_PASSWORD',
    doc: 'Snowflake password (or use SNOWFLAKE_PRIVATE_KEY_FILE).',
    schema: optionalText,
    secret: true,
  }),
  snowflakePrivateKeyFile: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_PRIVATE_KEY_FILE',
    doc: 'PEM private key (PKCS#8, encrypted or not) for key-pair authentication; used instead of the password when set.',
    schema: readableFile,
  }),
  snowflakePrivateKeyPassphrase: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
    doc: 'Passphrase of an encrypted SNOWFLAKE_PRIVATE_KEY_FILE.',
    schema: optionalText,
    secret: true,
  }),
  snowflakeRole: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_ROLE',
    doc: 'Snowflake role of the session; unset means the user’s default role.',
    schema: optionalText,
  }),
  snowflakeWarehouse: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_WAREHOUSE',
    doc: 'Snowflake virtual warehouse.',
    schema: text,
    default: 'COMPUTE_WH',
  }),
  snowflakeDatabase: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_DATABASE',
    doc: 'Snowflake database.',
    schema: text,
    default: 'STREAMIFY_ANALYTICS',
  }),
  snowflakeSchema: setting({ group: 'Warehouse', name: 'SNOWFLAKE_SCHEMA', doc: 'Snowflake schema.', schema: text, default: 'PUBLIC' }),
  snowflakePoolMax: setting({
    group: 'Warehouse',
    name: 'SNOWFLAKE_POOL_MAX',
    doc: 'Most Snowflake connections one process keeps open in its pool.',
    schema: positiveInt,
    default: '4',
  }),

  // Data quality
  dqOverrideWaitMs: setting({
    group: 'Data quality',
    name: 'DQ_OVERRIDE_WAIT_MS',
    doc: 'How long an hour that failed its data-quality gate waits in quarantine for an operator’s override before the gate fails, in milliseconds (24 h).',
    schema: positiveInt,
    default: '86400000',
  }),

  // Hourly ETL
  etlCloseWaitMs: setting({
    group: 'Hourly ETL',
    name: 'ETL_CLOSE_WAIT_MS',
    doc: 'How long the hourly ETL waits for the lake’s watermark to pass the end of its hour before it fails, in milliseconds (2 h).',
    schema: positiveInt,
    default: '7200000',
  }),
  etlLakeRetentionDays: setting({
    group: 'Hourly ETL',
    name: 'ETL_LAKE_RETENTION_DAYS',
    doc: 'Days of raw lake data kept (raw/); older hours are deleted by the hourly ETL’s retention step.',
    schema: positiveInt,
    default: '30',
  }),
  etlCuratedRetentionDays: setting({
    group: 'Hourly ETL',
    name: 'ETL_CURATED_RETENTION_DAYS',
    doc: 'Days of curated lake tables kept (curated/); older hours are deleted by the retention step.',
    schema: positiveInt,
    default: '90',
  }),
  etlQuarantineRetentionDays: setting({
    group: 'Hourly ETL',
    name: 'ETL_QUARANTINE_RETENTION_DAYS',
    doc: 'Days of quarantined lake files kept (quarantine/); older hours are deleted by the retention step.',
    schema: positiveInt,
    default: '30',
  }),
  etlReportsRetentionDays: setting({
    group: 'Hourly ETL',
    name: 'ETL_REPORTS_RETENTION_DAYS',
    doc: 'Days of ETL and fraud monitoring reports kept (reports/); older ones are deleted by the retention step.',
    schema: positiveInt,
    default: '90',
  }),
  etlWarehouseRetentionDays: setting({
    group: 'Hourly ETL',
    name: 'ETL_WAREHOUSE_RETENTION_DAYS',
    doc: 'Days of warehouse rows kept (loaded tables, KPI_METRICS, ETL_RUNS, DQ_RESULTS and DQ_OVERRIDES); older hours are deleted by the retention step.',
    schema: positiveInt,
    default: '90',
  }),

  // Fraud monitoring
  topicIncidents: setting({
    group: 'Fraud monitoring',
    name: 'KAFKA_TOPIC_INCIDENTS',
    doc: 'Topic of fraud incident notifications (opened, acknowledged, escalated, resolved), key the incident key.',
    schema: topicName,
    default: 'fraud_incidents',
  }),
  fraudCriticalAlertsLimit: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_CRITICAL_ALERTS_LIMIT',
    doc: 'More CRITICAL alerts than this in a 15-minute window open a critical-burst incident.',
    schema: z.coerce.number().int().nonnegative(),
    default: '10',
  }),
  fraudUserAlertsLimit: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_USER_ALERTS_LIMIT',
    doc: 'A user with at least this many alerts in a 15-minute window gets an incident for the day.',
    schema: positiveInt,
    default: '5',
  }),
  fraudSpikeSigmas: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_SPIKE_SIGMAS',
    doc: 'A window is a spike when its alerts exceed the 24-hour mean per window plus this many standard deviations.',
    schema: z.coerce.number().positive(),
    default: '3',
  }),
  fraudSpikeMinAlerts: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_SPIKE_MIN_ALERTS',
    doc: 'Fewest alerts a window needs to count as a spike, whatever a quiet baseline says.',
    schema: positiveInt,
    default: '20',
  }),
  fraudBaselineMaxRecords: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_BASELINE_MAX_RECORDS',
    doc: 'Most fraud_alerts records read for the 24-hour baseline; past it the run makes no baseline comparison and says so.',
    schema: positiveInt,
    default: '1000000',
  }),
  fraudAckTimeoutMs: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_ACK_TIMEOUT_MS',
    doc: 'How long an incident waits for an acknowledgement before it escalates itself and notifies again, in milliseconds (30 min).',
    schema: positiveInt,
    default: '1800000',
  }),
  fraudWebhookUrl: setting({
    group: 'Fraud monitoring',
    name: 'FRAUD_WEBHOOK_URL',
    doc: 'Where incident notifications are POSTed as JSON; unset means none (the topic and the log still carry them).',
    schema: httpUrl,
    secret: true,
  }),

  // Local stack
  stackDir: setting({
    group: 'Local stack',
    name: 'STACK_DIR',
    doc: 'Ignored folder holding the local stack: jars, venv, data, pids, logs.',
    schema: text,
    default: '.stack',
  }),
  kafkaPort: setting({ group: 'Local stack', name: 'KAFKA_PORT', doc: 'Port of the local Kafka broker.', schema: port, default: '9092' }),
  kafkaControllerPort: setting({
    group: 'Local stack',
    name: 'KAFKA_CONTROLLER_PORT',
    doc: 'Port of the local KRaft controller.',
    schema: port,
    default: '9093',
  }),
  temporalPort: setting({
    group: 'Local stack',
    name: 'TEMPORAL_PORT',
    doc: 'Port of the local Temporal dev server.',
    schema: port,
    default: '7233',
  }),
  temporalUiPort: setting({
    group: 'Local stack',
    name: 'TEMPORAL_UI_PORT',
    doc: 'Port of the Temporal Web UI.',
    schema: port,
    default: '8233',
  }),
  motoPort: setting({
    group: 'Local stack',
    name: 'MOTO_PORT',
    doc: 'Port of moto_server, the local S3 and Glue API.',
    schema: port,
    default: '5000',
  }),
  temporalCliPath: setting({
    group: 'Local stack',
    name: 'TEMPORAL_CLI_PATH',
    doc: 'A `temporal` CLI to use instead of the one on PATH or in the stack venv.',
    schema: optionalText,
  }),

  // Logging
  logLevel: setting({
    group: 'Logging',
    name: 'LOG_LEVEL',
    doc: 'Least level logged.',
    schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']),
    default: 'info',
  }),
  logFormat: setting({
    group: 'Logging',
    name: 'LOG_FORMAT',
    doc: 'json for machines, pretty for terminals; auto picks pretty on a TTY.',
    schema: z.enum(['auto', 'json', 'pretty']),
    default: 'auto',
  }),
} as const;

export type Settings = typeof settings;

/** How a setting's default reads in docs and .env.example: the computed form, the literal, or empty for none. */
export function shownDefault(s: Setting<unknown>): string {
  return s.defaultDoc ?? (typeof s.default === 'string' ? s.default : '');
}
