"""The hourly transform as an AWS Glue (Spark) job: runs sql/transform/*.sql, the SQL the local DuckDB engine runs.

On Glue (`streamify glue deploy` uploads this script and the files of sql/transform/, named as --extra-files, which
Glue copies into the working directory), with the arguments the hourly ETL's transformHour activity sets:
--hour YYYY-MM-DDTHH (UTC), --etl_run_id, --lake_url s3://bucket/prefix, --raw_schemas {"<dataset>": "<Spark DDL>"}
for reading an hour without files as an empty view.

Without awsglue, on plain PySpark (GLUE_MODE=spark), the same arguments with the lake as file:///abs/lake, and two
that may be left out: --raw_schemas (default: raw_schemas.json beside this script, generated from the dataset
definitions by `streamify glue schemas`) and --sql_dir (default: the repository's sql/transform).
"""

import argparse
import json
import os
import sys
from datetime import datetime, timedelta, timezone

try:
    from awsglue.utils import getResolvedOptions
except ImportError:  # plain PySpark
    getResolvedOptions = None

HERE = os.path.dirname(os.path.abspath(__file__))


def job_arguments(argv):
    if getResolvedOptions is not None:
        args = getResolvedOptions(argv, ["hour", "etl_run_id", "lake_url", "raw_schemas"])
        return {**args, "sql_dir": "."}
    parser = argparse.ArgumentParser(description="The hourly transform on plain PySpark.")
    parser.add_argument("--hour", required=True, help="YYYY-MM-DDTHH, UTC")
    parser.add_argument("--etl_run_id", required=True)
    parser.add_argument("--lake_url", required=True, help="the lake's root, e.g. file:///abs/lake")
    parser.add_argument("--raw_schemas", help="JSON: dataset → Spark DDL (default: raw_schemas.json beside this script)")
    parser.add_argument("--sql_dir", default=os.path.join(HERE, "..", "sql", "transform"), help="steps.json and the steps' SQL")
    args = vars(parser.parse_args(argv[1:]))
    if args["raw_schemas"] is None:
        with open(os.path.join(HERE, "raw_schemas.json"), encoding="utf-8") as f:
            args["raw_schemas"] = f.read()
    return args


args = job_arguments(sys.argv)
hour_start = datetime.strptime(args["hour"], "%Y-%m-%dT%H").replace(tzinfo=timezone.utc)
placeholders = {
    "hour_start": hour_start.strftime("%Y-%m-%d %H:%M:%S"),
    "hour_end": (hour_start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
}
partition = f"dt={hour_start:%Y-%m-%d}/hour={hour_start:%H}"
previous_hour = hour_start - timedelta(hours=1)
previous_partition = f"dt={previous_hour:%Y-%m-%d}/hour={previous_hour:%H}"
lake_url = args["lake_url"].rstrip("/")
schemas = json.loads(args["raw_schemas"])

# The plan and every step's SQL are read before Spark starts: a missing file fails in a second, not after the JVM's start.
with open(os.path.join(args["sql_dir"], "steps.json"), encoding="utf-8") as f:
    plan = json.load(f)
sql_by_step = {}
for step in plan["steps"]:
    with open(os.path.join(args["sql_dir"], f"{step['name']}.sql"), encoding="utf-8") as f:
        sql = f.read()
    for name, value in placeholders.items():
        sql = sql.replace("{{" + name + "}}", value)
    sql_by_step[step["name"]] = sql

from pyspark.sql import SparkSession  # noqa: E402  (after the arguments: a usage error needs no JVM)
from pyspark.sql.utils import AnalysisException  # noqa: E402

builder = SparkSession.builder.appName(f"streamify-transform-{args['hour']}")
if getResolvedOptions is None:
    # One machine: no web UI (it would take a port) nor progress bars, and few shuffle partitions for an hour of rows.
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
    )
spark = builder.getOrCreate()
# The SQL's TIMESTAMP literals are UTC, as event times are, and mean what DuckDB's mean: a time without a zone.
spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.conf.set("spark.sql.timestampType", "TIMESTAMP_NTZ")
# Instants as Parquet's int64 microseconds marked UTC, as DuckDB writes them (Spark's default, INT96, is deprecated).
spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")


def read_raw(dataset, hour_partition, view):
    try:
        # Reading the hour's folder itself: Spark adds no dt/hour partition columns.
        raw = spark.read.parquet(f"{lake_url}/raw/{dataset}/{hour_partition}/")
    except AnalysisException:  # an hour without files (e.g. no alerts)
        raw = spark.createDataFrame([], schemas[dataset])
    raw.createOrReplaceTempView(view)


for dataset in plan["inputs"]:
    read_raw(dataset, partition, f"raw_{dataset}")
# A window ending in the hour may start in the hour before: its tail is read too.
for dataset in plan.get("previous_hour_inputs", []):
    read_raw(dataset, previous_partition, f"raw_previous_{dataset}")

for step in plan["steps"]:
    # Materialised: later steps read transactions several times.
    table = spark.sql(sql_by_step[step["name"]]).cache()
    table.createOrReplaceTempView(step["name"])
    if step["write"]:
        table.coalesce(1).write.mode("overwrite").parquet(f"{lake_url}/curated/{step['name']}/{partition}/")
spark.stop()
