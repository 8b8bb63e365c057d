"""Archive search latency through `storage.search`, as a ratio to a plain LIKE scan.

Generates N policy-style documents, stores them in bulk in a temporary SQLite file and in a
fresh PostgreSQL schema (dropped after), then times a set of Chinese and English queries,
short ones included, through the search API and through a LIKE (ILIKE) scan of the same
join, same order and same page size; both must return the same documents.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, and_, create_engine, insert, or_, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from storage import Store, open_store
from storage.days import china_day
from storage.fts import contains
from storage.models import Document, Policy, Source, Version
from storage.search import query_terms, search

PG_URL = os.environ.get(
    "POLICYWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BATCH = 5_000
PAGE = 50
QUERIES = (
    "医疗器械",
    "体外诊断试剂",
    "注册人制度 试点",
    "家用呼吸机",
    "远程手术机器人",
    "器械",
    "抽检",
    "监管",
    "械",
    "AI",
    "MRI 医疗器械",
    "industrial internet",
    "UDI",
    "量子引力",
)

SOURCES = {
    "most_gfxwj": ("www.most.gov.cn", "科学技术部", "国科发"),
    "nmpa_ylqxggtg": ("www.nmpa.gov.cn", "国家药品监督管理局", "国药监械"),
    "miit_tz": ("www.miit.gov.cn", "工业和信息化部", "工信部"),
    "nhc_tzgg": ("www.nhc.gov.cn", "国家卫生健康委员会", "国卫医"),
    "gov_zhengce": ("www.gov.cn", "国务院办公厅", "国办发"),
}
SUBJECTS = (
    "医疗器械",
    "体外诊断试剂",
    "医用耗材",
    "高端医学影像设备",
    "工业互联网",
    "新能源汽车",
    "农业机械",
    "5G网络",
    "数据安全",
    "中医药",
    "药品集中采购",
    "科研经费",
)
DOCUMENT_KINDS = ("行动方案", "管理办法", "实施意见", "指导原则", "工作要点", "试点方案")
CLAUSES = (
    "为推动{s}高质量发展，制定本{k}。",
    "各地要加强{s}监管，落实企业主体责任。",
    "鼓励{s}领域开展注册人制度试点，优化审评审批流程。",
    "支持AI辅助诊断、MRI和CT等设备的研发与应用。",
    "推进Industrial Internet平台与{s}融合发展。",
    "建立{s}唯一标识（UDI）制度，实现全程可追溯。",
    "加大对{s}关键核心技术攻关的财政支持力度。",
    "各有关单位应当于每年12月底前报送{s}工作情况。",
    "本{k}由{a}负责解释，自发布之日起施行。",
    "严厉打击{s}生产经营中的违法违规行为。",
)
OCCASIONAL = (("组织家用呼吸机质量抽检。", 0.02), ("开展远程手术机器人临床应用评价。", 0.001))
NUMERALS = "一二三四五六七八九十"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000, help="documents to generate")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per query")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    backends = [_sqlite_store] if args.no_postgres else [_sqlite_store, _postgres_store]
    for backend in backends:
        with backend() as store:
            started = time.perf_counter()
            _generate(store.engine, args.count)
            print(
                f"\n{store.engine.dialect.name}: {args.count:,} documents stored in "
                f"{time.perf_counter() - started:.1f} s"
            )
            _report(store, args.runs)


@contextmanager
def _sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db")
        try:
            yield store
        finally:
            store.close()


@contextmanager
def _postgres_store() -> Iterator[Store]:
    admin = create_engine(PG_URL)
    schema = f"pw_bench_{uuid.uuid4().hex[:8]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    store = open_store(url.render_as_string(hide_password=False))
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _generate(engine: Engine, count: int) -> None:
    """Sources, then one policy, document and current version per generated document."""
    insert_sources(engine)
    for rows in _batches(random.Random(20260301), count, datetime.now(UTC)):
        with engine.begin() as connection:
            store_batch(connection, rows)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE policy, document, version, search_grams"))


def insert_sources(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(Source),
            [
                {"id": source, "site": site, "name": source, "list_url": f"https://{site}/"}
                for source, (site, _agency, _prefix) in SOURCES.items()
            ],
        )


def store_batch(connection: Connection, rows: dict[str, list[dict]]) -> None:
    """Insert a batch of `_batches` and make each document's version its current one."""
    connection.execute(insert(Policy), rows["policy"])
    connection.execute(insert(Document), rows["document"])
    connection.execute(insert(Version), rows["version"])
    first, last = rows["document"][0]["id"], rows["document"][-1]["id"]
    connection.execute(
        update(Document)
        .where(Document.id.between(first, last))
        .values(current_version_id=Document.id)
    )


def _batches(rng: random.Random, count: int, now: datetime) -> Iterator[dict[str, list[dict]]]:
    for start in range(1, count + 1, BATCH):
        rows: dict[str, list[dict]] = {"policy": [], "document": [], "version": []}
        for number in range(start, min(start + BATCH, count + 1)):
            source = rng.choice(list(SOURCES))
            site, agency, prefix = SOURCES[source]
            subject, kind = rng.choice(SUBJECTS), rng.choice(DOCUMENT_KINDS)
            published = now - timedelta(days=rng.randrange(3650), minutes=rng.randrange(1440))
            wenhao = f"{prefix}〔{published.year}〕{number}号"
            title = f"关于印发《{subject}{kind}》的通知"
            body = _body(rng, subject, kind, agency)
            url = f"https://{site}/bench/{number}.html"
            rows["policy"].append(
                {"id": number, "key": f"bench{number}", "wenhao_key": wenhao, "title": title}
            )
            rows["document"].append(
                {"id": number, "url": url, "source_id": source, "policy_id": number}
            )
            rows["version"].append(
                {
                    "id": number,
                    "document_id": number,
                    "number": 1,
                    "title": title,
                    "wenhao": wenhao,
                    "issuer": agency,
                    "published_at": published,
                    "published_on": china_day(published),
                    "text": body,
                    "html": "",
                    "content_hash": f"{number:064x}",
                    "flags": [],
                    "topics": {},
                    "fetched_at": now,
                }
            )
        yield rows


def _body(rng: random.Random, subject: str, kind: str, agency: str) -> str:
    clauses = [
        rng.choice(CLAUSES).format(s=rng.choice((subject, *SUBJECTS)), k=kind, a=agency)
        for _ in range(rng.randrange(8, 16))
    ]
    for clause, share in OCCASIONAL:
        if rng.random() < share:
            clauses.insert(rng.randrange(len(clauses)), clause)
    return "\n".join(f"第{_numeral(n)}条 {clause}" for n, clause in enumerate(clauses, 1))


def _numeral(number: int) -> str:
    tens, units = divmod(number, 10)
    return (
        ("" if tens < 2 else NUMERALS[tens - 1])
        + ("十" if tens else "")
        + (NUMERALS[units - 1] if units else "")
    )


def _report(store: Store, runs: int) -> None:
    print(f"{'query':<22}{'hits':>5}  {'search p50/p95 ms':>18}  {'LIKE p50/p95 ms':>16}  speedup")
    with store.session() as session:
        dialect = session.get_bind().dialect.name
        for query in QUERIES:
            found = [hit.document_id for hit in search(session, query, limit=PAGE)]
            scanned = _like_scan(session, dialect, query)
            if found != scanned:
                raise SystemExit(f"{query!r}: search and LIKE scan disagree")
            api = _latencies(runs, lambda q=query: search(session, q, limit=PAGE))
            like = _latencies(runs, lambda q=query: _like_scan(session, dialect, q))
            print(
                f"{query:<22}{len(found):>5}  {_figures(api):>18}  {_figures(like):>16}  "
                f"{statistics.median(like) / statistics.median(api):6.1f}x"
            )


def _like_scan(session: Session, dialect: str, query: str) -> list[int]:
    """The baseline: the search's join, order and page, with each term a LIKE over the columns."""
    statement = (
        select(Document.id, Version.title, Version.text)
        .join(
            Version,
            and_(Version.document_id == Document.id, Version.id == Document.current_version_id),
        )
        .where(
            *(
                or_(contains(dialect, Version.title, term), contains(dialect, Version.text, term))
                for term in query_terms(query)
            )
        )
        .order_by(Version.published_at.desc().nulls_last(), Document.id.desc())
        .limit(PAGE)
    )
    return [row.id for row in session.execute(statement)]


def _latencies(runs: int, call: Callable[[], object]) -> list[float]:
    call()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _figures(timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
    return f"{statistics.median(timings):.1f} / {p95:.1f}"


if __name__ == "__main__":
    main()
