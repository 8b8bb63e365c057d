"""PostgreSQL search latency at scale for the query set of bench/search.py, its results
checked against SQLite's on the same generated archive."""

from __future__ import annotations

import argparse
import statistics

from bench.search import QUERIES, _generate, _latencies, _postgres_store, _sqlite_store
from storage.search import search

PAGE = 50


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1]


def pg_search(count: int, runs: int) -> dict[str, dict[str, float]]:
    """p95 milliseconds per query on SQLite and PostgreSQL; SystemExit when they disagree."""
    results: dict[str, dict[str, float]] = {query: {} for query in QUERIES}
    found: dict[str, dict[str, list[int]]] = {query: {} for query in QUERIES}
    for backend in (_sqlite_store, _postgres_store):
        with backend() as store:
            _generate(store.engine, count)
            dialect = store.engine.dialect.name
            with store.session() as session:
                for query in QUERIES:
                    hits = search(session, query, limit=PAGE)
                    found[query][dialect] = [hit.document_id for hit in hits]
                    timings = _latencies(runs, lambda q=query: search(session, q, limit=PAGE))
                    results[query][dialect] = p95(timings)
    disagree = [query for query, by in found.items() if by["sqlite"] != by["postgresql"]]
    if disagree:
        raise SystemExit(f"PostgreSQL and SQLite search disagree on {disagree}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000, help="documents to generate")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    args = parser.parse_args()
    found = pg_search(args.count, args.runs)
    print(f"{'query':<22}{'SQLite p95 ms':>14}{'PostgreSQL p95 ms':>19}")
    for query, by in found.items():
        print(f"{query:<22}{by['sqlite']:>14.1f}{by['postgresql']:>19.1f}")


if __name__ == "__main__":
    main()
