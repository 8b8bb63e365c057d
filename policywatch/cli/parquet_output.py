"""Export rows as a Parquet file, written one record batch at a time with pyarrow."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storage.export import batched

BATCH_ROWS = 1000
CHINA_TZ = "Asia/Shanghai"


def write_parquet(path: Path, rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> int:
    """Write `rows` (their `fields`) to `path`, BATCH_ROWS rows to a row group; return how many.

    Times are timestamps in China time, days dates, ids integers, `current` a boolean, the
    rest text.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "document_id": pa.int64(),
        "policy_id": pa.int64(),
        "version": pa.int32(),
        "current": pa.bool_(),
        "published_on": pa.date32(),
        "published_at": pa.timestamp("us", tz=CHINA_TZ),
        "fetched_at": pa.timestamp("us", tz=CHINA_TZ),
    }
    schema = pa.schema([(name, types.get(name, pa.string())) for name in fields])
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in batched(rows, BATCH_ROWS):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
