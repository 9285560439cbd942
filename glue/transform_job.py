"""The hourly transform as an AWS Glue (Spark) job: runs sql/transform/*.sql, the SQL the local DuckDB engine runs.

Deploy with the files of sql/transform/ as --extra-files (Glue copies them into the working directory). Arguments
(set by the hourly ETL's transformHour activity): --hour YYYY-MM-DDTHH (UTC), --etl_run_id, --lake_url s3://bucket/prefix,
--raw_schemas {"<dataset>": "<Spark DDL>"} for reading an hour without files as an empty view.
"""

import json
import sys
from datetime import datetime, timedelta, timezone

from awsglue.utils import getResolvedOptions
from pyspark.sql import SparkSession
from pyspark.sql.utils import AnalysisException

args = getResolvedOptions(sys.argv, ["hour", "etl_run_id", "lake_url", "raw_schemas"])
hour_start = datetime.strptime(args["hour"], "%Y-%m-%dT%H").replace(tzinfo=timezone.utc)
placeholders = {
    "hour_start": hour_start.strftime("%Y-%m-%d %H:%M:%S"),
    "hour_end": (hour_start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
}
partition = f"dt={hour_start:%Y-%m-%d}/hour={hour_start:%H}"
previous_hour = hour_start - timedelta(hours=1)
previous_partition = f"dt={previous_hour:%Y-%m-%d}/hour={previous_hour:%H}"

spark = SparkSession.builder.getOrCreate()
# The SQL's TIMESTAMP literals are UTC, as event times are.
spark.conf.set("spark.sql.session.timeZone", "UTC")

with open("steps.json", encoding="utf-8") as f:
    plan = json.load(f)
schemas = json.loads(args["raw_schemas"])



def read_raw(dataset, hour_partition, view):
    try:
        # Reading the hour's folder itself: Spark adds no dt/hour partition columns.
        raw = spark.read.parquet(f"{args['lake_url']}/raw/{dataset}/{hour_partition}/")
    except AnalysisException:  # an hour without files (e.g. no alerts)
        raw = spark.createDataFrame([], schemas[dataset])
    raw.createOrReplaceTempView(view)


for dataset in plan["inputs"]:
    read_raw(dataset, partition, f"raw_{dataset}")
# A window ending in the hour may start in the hour before: its tail is read too.
for dataset in plan.get("previous_hour_inputs", []):
    read_raw(dataset, previous_partition, f"raw_previous_{dataset}")

for step in plan["steps"]:
    with open(f"{step['name']}.sql", encoding="utf-8") as f:
        sql = f.read()
    for name, value in placeholders.items():
        sql = sql.replace("{{" + name + "}}", value)
    # Materialised: later steps read transactions several times.
    table = spark.sql(sql).cache()
    table.createOrReplaceTempView(step["name"])
    if step["write"]:
        table.coalesce(1).write.mode("overwrite").parquet(f"{args['lake_url']}/curated/{step['name']}/{partition}/")
