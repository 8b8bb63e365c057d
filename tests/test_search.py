"""Archive search on SQLite and PostgreSQL: one table of queries, filters and sorts for both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import storage.search
from storage import Store, ensure_source, ingest, open_store
from storage.db import alembic_config
from storage.models import Version
from storage.search import SearchFilters, _statement, count_matches, query_terms, search, snippet
from tests.support.db import PG_URL

SITES = {
    "most_gfxwj": "www.most.gov.cn",
    "most_tztg": "www.most.gov.cn",
    "nmpa_ylqxggtg": "www.nmpa.gov.cn",
    "miit_tz": "www.miit.gov.cn",
}
T0 = datetime(2026, 3, 20, tzinfo=UTC)


def document(key: str, source: str, published: str, title: str, body: str, **fields: Any) -> dict:
    return {
        "source": source,
        "url": f"https://{SITES[source]}/{key}.html",
        "title": title,
        "text": body,
        "html": f"<p>{body}</p>",
        "published_at": datetime.fromisoformat(f"{published}T09:30:00+00:00"),
        "written_on": None,
        "wenhao": None,
        "issuer": None,
        "index_no": None,
        "attachments": [],
        "topics": {},
        "fetched_at": T0,
    } | fields


MEDICAL = {"medical_equipment": 1.0}
CORPUS = [
    document(
        "plan",
        "most_gfxwj",
        "2026-03-01",
        "关于印发《高端医疗器械创新发展行动方案》的通知",
        "第一条 为推动高端医疗器械创新发展，制定本方案。\n第二条 本方案自发布之日起施行。",
        wenhao="国科发资〔2026〕12号",
        issuer="科学技术部",
        topics=MEDICAL,
    ),
    document(
        "plan_repost",
        "most_tztg",
        "2026-03-02",
        "关于印发《高端医疗器械创新发展行动方案》的通知",
        "转发：第一条 为推动高端医疗器械创新发展，制定本方案。",
        wenhao="国科发资[2026]12号",
        issuer="科学技术部",
        topics=MEDICAL,
    ),
    document(
        "registrant",
        "nmpa_ylqxggtg",
        "2025-11-20",
        "国家药监局关于扩大医疗器械注册人制度试点的公告",
        "各省药品监督管理局：扩大医疗器械注册人制度试点，支持AI辅助诊断软件和MRI设备。",
        wenhao="国药监械注〔2025〕3号",
        issuer="国家药品监督管理局",
        topics=MEDICAL,
    ),
    document(
        "network",
        "miit_tz",
        "2026-01-15",
        "关于推进5G+工业互联网融合发展的通知",
        "推动Industrial Internet平台建设，部署传感器与边缘计算节点 axb。",
        wenhao="工信部信管〔2026〕5号",
        issuer="工业和信息化部",
        topics={"medical_equipment": 0.2},
    ),
    document(
        "imaging",
        "nmpa_ylqxggtg",
        "2026-03-10",
        "关于公开征求《医学影像设备监督管理办法》意见的通知",
        "社会各界：现将征求意见稿公布。医疗器械生产企业应当建立质量管理体系。",
        issuer="国家药监局综合司",
        topics=MEDICAL,
    ),
    document(
        "symbols",
        "miit_tz",
        "2025-06-01",
        "关于“100%国产化”目标的说明",
        'Reference a_b by O\'Brien: "引号" 50% done.',
        issuer="工业和信息化部",
    ),
    document(
        "revised",
        "most_gfxwj",
        "2025-09-01",
        "关于调整科研经费管理的通知",
        "旧版条款：医疗器械采购经费。",
    ),
]
REVISION = CORPUS[-1] | {"text": "新版条款：科研经费包干制。"}

CASES: list[tuple[str, str, dict[str, Any], str, list[str]]] = [
    (
        "chinese, 4 characters",
        "医疗器械",
        {},
        "date",
        ["imaging", "plan_repost", "plan", "registrant"],
    ),
    ("chinese, 2 characters", "器械", {}, "date", ["imaging", "plan_repost", "plan", "registrant"]),
    (
        "chinese, 1 character",
        "器",
        {},
        "date",
        ["imaging", "plan_repost", "plan", "network", "registrant"],
    ),
    ("chinese, title only", "征求", {}, "date", ["imaging"]),
    ("english words, any case", "industrial INTERNET", {}, "date", ["network"]),
    ("english, 2 letters", "ai", {}, "date", ["registrant"]),
    ("digits and letters, 2 characters", "5g", {}, "date", ["network"]),
    ("chinese and english", "医疗器械 MRI", {}, "date", ["registrant"]),
    ("short and long terms", "试点 注册人", {}, "date", ["registrant"]),
    ("every term must match", "医疗器械 5G", {}, "date", []),
    ("quoted phrase", '"Industrial Internet"', {}, "date", ["network"]),
    ("quoted phrase in order", '"Internet Industrial"', {}, "date", []),
    ("current version only, old text", "旧版条款", {}, "date", []),
    ("current version only, new text", "新版条款", {}, "date", ["revised"]),
    ("no results", "量子引力", {}, "date", []),
    ("percent sign", "%", {}, "date", ["symbols"]),
    ("percent in a word", "100%", {}, "date", ["symbols"]),
    ("underscore", "_", {}, "date", ["symbols"]),
    ("underscore is no wildcard", "a_b", {}, "date", ["symbols"]),
    ("words with an underscore, any case", "REFERENCE A_B o'brien", {}, "date", ["symbols"]),
    ("two underscores match nothing", "__", {}, "date", []),
    ("single quote", "'", {}, "date", ["symbols"]),
    ("double quote", '"', {}, "date", ["symbols"]),
    ("quoted chinese", '"引号"', {}, "date", ["symbols"]),
    ("star is no prefix query", "医疗*", {}, "date", []),
    ("lone star", "*", {}, "date", []),
    ("FTS operators are words", "医疗 OR 量子", {}, "date", []),
    ("FTS column filter is text", "title:医疗器械", {}, "date", []),
    ("source", "医疗器械", {"source": "nmpa_ylqxggtg"}, "date", ["imaging", "registrant"]),
    ("site, no query", "", {"site": "www.most.gov.cn"}, "date", ["plan_repost", "plan", "revised"]),
    ("agency substring", "", {"agency": "药品监督"}, "date", ["registrant"]),
    ("wenhao variant", "", {"wenhao": "国科发资[2026]第12号"}, "date", ["plan_repost", "plan"]),
    (
        "topic",
        "",
        {"topic": "medical_equipment"},
        "date",
        ["imaging", "plan_repost", "plan", "registrant"],
    ),
    (
        "published between",
        "",
        {
            "published_from": datetime(2026, 1, 1, tzinfo=UTC),
            "published_to": datetime(2026, 3, 2, tzinfo=UTC),
        },
        "date",
        ["plan", "network"],
    ),
    ("change kind", "", {"change_kind": "revised"}, "date", ["revised"]),
    ("query and source", "通知", {"source": "most_gfxwj"}, "date", ["plan", "revised"]),
    (
        "relevance: title first",
        "医疗器械",
        {},
        "relevance",
        ["plan_repost", "plan", "registrant", "imaging"],
    ),
    (
        "relevance: more title terms first",
        "通知 医疗器械",
        {},
        "relevance",
        ["plan_repost", "plan", "imaging"],
    ),
    ("date: newest first", "通知 医疗器械", {}, "date", ["imaging", "plan_repost", "plan"]),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The corpus stored once per backend; the module's tests only read it."""
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path_factory.mktemp('search') / 'archive.db'}")
        yield _filled(store)
        store.close()
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"pw_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    store = open_store(url.render_as_string(hide_password=False))
    yield _filled(store)
    store.close()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def _filled(store: Store) -> Store:
    with store.session() as session:
        _ingest_corpus(session)
    return store


def _ingest_corpus(session: Session) -> None:
    for source, site in SITES.items():
        ensure_source(session, source, site=site, name=source, list_url=f"https://{site}/")
    for record in CORPUS:
        ingest(session, record, now=T0)
    ingest(session, REVISION, now=T0 + timedelta(days=1))
    session.commit()


def keys(hits: list[Any]) -> list[str]:
    return [hit.url.rsplit("/", 1)[1].removesuffix(".html") for hit in hits]


@pytest.mark.parametrize(
    ("query", "filters", "sort", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_search_finds_what_each_case_expects(
    archive: Store, query: str, filters: dict[str, Any], sort: str, expected: list[str]
) -> None:
    with archive.session() as session:
        hits = search(session, query, SearchFilters(**filters), sort=sort)
    assert keys(hits) == expected
    with archive.session() as session:
        assert count_matches(session, query, SearchFilters(**filters)) == len(expected)


def test_a_hit_describes_the_current_version(archive: Store) -> None:
    with archive.session() as session:
        [hit] = search(session, "注册人制度")
    assert (hit.title, hit.wenhao, hit.issuer) == (
        "国家药监局关于扩大医疗器械注册人制度试点的公告",
        "国药监械注〔2025〕3号",
        "国家药品监督管理局",
    )
    assert (hit.source, hit.status, hit.policy_id is not None) == ("nmpa_ylqxggtg", "active", True)
    assert hit.published_at == datetime(2025, 11, 20, 9, 30, tzinfo=UTC)
    assert "注册人制度" in hit.snippet


def test_limit_and_offset_page_through_the_results(archive: Store) -> None:
    with archive.session() as session:
        page = search(session, "器", limit=2, offset=1)
    assert keys(page) == ["plan_repost", "plan"]


def test_an_unknown_sort_is_refused(archive: Store) -> None:
    with archive.session() as session, pytest.raises(ValueError, match="unknown sort"):
        search(session, "器械", sort="title")  # type: ignore[arg-type]


def test_documents_stored_before_the_index_are_found(session: Session) -> None:
    _ingest_corpus(session)
    config = alembic_config(session.get_bind())
    command.downgrade(config, "0010-1")
    command.upgrade(config, "head")
    assert keys(search(session, "医疗器械 注册人")) == ["registrant"]
    assert keys(search(session, "新版条款")) == ["revised"]


def test_a_version_edited_in_place_is_found_by_its_new_text_and_date(session: Session) -> None:
    _ingest_corpus(session)
    session.execute(
        update(Version)
        .where(Version.text == REVISION["text"])
        .values(text="更正后的条款。", published_at=datetime(2026, 4, 1, tzinfo=UTC))
    )
    session.commit()
    assert keys(search(session, "更正后的")) == ["revised"]
    assert keys(search(session, "新版条款")) == []
    assert keys(search(session, "通知", SearchFilters(source="most_gfxwj"))) == ["revised", "plan"]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("医疗器械  注册人", ["医疗器械", "注册人"]),
        ("AI\u3000器械 AI", ["AI", "器械"]),
        ('"Industrial   Internet" 5G', ["Industrial Internet", "5G"]),
        ('" 医疗', ['"', "医疗"]),
        ('""', ['""']),
        ("   ", []),
    ],
)
def test_query_terms_are_words_and_quoted_phrases(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def test_a_snippet_is_cut_around_the_first_term() -> None:
    body = "前言。" * 40 + "第五条 医疗器械\n注册人 应当履行义务。" + "附则。" * 40
    cut = snippet(body, ["注册人", "医疗器械"])
    assert cut.startswith("…") and cut.endswith("…")
    assert "医疗器械 注册人" in cut and len(cut) == 122
    assert snippet("短文。", ["量子"]) == "短文。"


@pytest.mark.parametrize(
    ("query", "limit", "offset"), [("器", 2, 0), ("器", 2, 2), ("注册人", 1, 0), ("", 3, 1)]
)
def test_pages_looked_for_among_the_newest_versions_first_are_the_same(
    archive: Store, monkeypatch: pytest.MonkeyPatch, query: str, limit: int, offset: int
) -> None:
    with archive.session() as session:
        everything = keys(search(session, query))
        monkeypatch.setattr(storage.search, "NEWEST_FIRST", 1)
        page = keys(search(session, query, limit=limit, offset=offset))
    assert page == everything[offset : offset + limit]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("器械", True),
        ("医疗器械", True),
        ("本方案自发布之日起施行", True),
        ("施行", True),
        ("械", True),
        ("5%", False),
        ("q_z", False),
        ('"器 械"', False),
    ],
)
def test_the_grams_index_finds_what_a_scan_finds(archive: Store, query: str, found: bool) -> None:
    terms = query_terms(query)
    with archive.session() as session:
        dialect = session.get_bind().dialect.name
        indexed = session.scalars(_statement(dialect, terms, SearchFilters(), "date")).all()
        scanned = session.scalars(
            _statement(dialect, terms, SearchFilters(), "date", indexed=False)
        ).all()
    assert indexed == scanned
    assert bool(indexed) is found


@pytest.mark.parametrize("query", ["器", "医疗器械", "通知 医疗器械", "industrial", "量子引力"])
@pytest.mark.parametrize("first", [1, 2, 3])
def test_the_first_documents_the_grams_index_finds_begin_the_results(
    archive: Store, query: str, first: int
) -> None:
    terms = query_terms(query)
    with archive.session() as session:
        dialect = session.get_bind().dialect.name
        if dialect != "postgresql":
            pytest.skip("the grams index is PostgreSQL's")
        everything = session.scalars(_statement(dialect, terms, SearchFilters(), "date")).all()
        begun = session.scalars(
            _statement(dialect, terms, SearchFilters(), "date", first=first)
        ).all()
    assert begun == everything[:first]


def test_terms_are_looked_up_in_the_grams_index_on_postgresql(archive: Store) -> None:
    with archive.session() as session, session.begin():
        dialect = session.get_bind().dialect.name
        if dialect != "postgresql":
            pytest.skip("the grams index is PostgreSQL's")
        session.execute(text("SET LOCAL enable_seqscan = off"))
        statement = _statement(dialect, ["抽检", "械"], SearchFilters(), "date")
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(session.scalars(text(f"EXPLAIN {compiled}")))
    assert "ix_search_grams_grams" in plan


@pytest.mark.parametrize(
    ("content", "unigrams", "grams"),
    [
        ("抽检", False, {"抽检"}),
        ("医疗器械", False, {"医疗", "疗器", "器械"}),
        ("Ab 家", True, {"a", "b", " ", "家", "ab", "b ", " 家"}),
        ("5%_", False, {"5%", "%_"}),
        ("械", True, {"械"}),
        ("a\nb", True, {"a", "\n", "b", "a\n", "\nb"}),
    ],
)
def test_a_text_s_grams_are_its_lower_cased_characters_and_pairs(
    archive: Store, content: str, unigrams: bool, grams: set[str]
) -> None:
    with archive.session() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("the grams index is PostgreSQL's")
        found = session.scalar(
            text("SELECT text_grams(:content, :unigrams)"),
            {"content": content, "unigrams": unigrams},
        )
    assert set(found) == grams
