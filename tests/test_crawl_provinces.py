"""End to end against the replica: the provinces' sources on day 0, idle, and on day 1 (one new,
one revised, one withdrawn per column), a source added by configuration alone, region feeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from crawler.catalogue import catalogue
from policywatch.cli import main
from policywatch.demo import crawl_in_subprocess
from replica.server import ReplicaServer
from replica.sites._province_corpus import NATIONAL_WENHAO, documents
from replica.sites._province_table import CITIES, GOV, MPA, PROVINCES
from replica.sites.provinces_jcms import DATA_PROXY, UNIT_API
from storage import open_store
from storage.archive import dossier
from storage.models import Document, Source
from storage.relevance import is_relevant
from storage.search import SearchFilters, search
from tests.support.replica import crawl_env

CONFIGURED = """
[sources.chongqing_gfxwj]
platform = "trs"
list_url = "https://www.cq.gov.cn/zwgk/gfxwj/index.html"
site_name = "重庆市人民政府"
column_name = "规范性文件"
region = "chongqing"
row_selector = "ul#data_list > li"
row_link = "a[title]"
row_date = "div.w_list_rq"
row_wenhao = "div.w_list_fwzh"
"""
CITY = {city.slug: city for city in CITIES}
SHIPPED = [
    name
    for name, entry in catalogue({}).items()
    if entry.region in {p.slug for p in PROVINCES} or entry.city
]
SOURCES = (*SHIPPED, "chongqing_gfxwj")
PROVINCE = {p.slug: p for p in PROVINCES}
FIELDS = ("title", "published_at", "issuer", "text", "index_no", "written_on")


@dataclass
class Crawls:
    db_url: str
    day0: dict[str, dict[str, Any]]
    idle: dict[str, dict[str, Any]]
    day1: dict[str, dict[str, Any]]
    day0_paths: set[tuple[str, str]]


def _column(source: str) -> tuple[Any, str]:
    slug = source.split("_")[0].removesuffix("mpa")
    if slug in CITY:
        return CITY[slug], GOV
    return PROVINCE[slug], MPA if "mpa_" in source else GOV


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    folder = tmp_path_factory.mktemp("provinces")
    db_url = f"sqlite:///{folder / 'policywatch.db'}"
    config = folder / "policywatch.toml"
    config.write_text(CONFIGURED, encoding="utf-8")
    env = crawl_env(replica, db_url, POLICYWATCH_CONFIG=str(config))
    replica.faults.clear()
    replica.set_day(0)
    replica.clear_requests()
    try:
        day0 = crawl_in_subprocess(env, *SOURCES)
        day0_paths = {(entry["host"], entry["path"]) for entry in replica.requests}
        idle = crawl_in_subprocess(env, *SOURCES)
        replica.set_day(1)
        day1 = crawl_in_subprocess(env, *SOURCES)
    finally:
        replica.set_day(0)
    return Crawls(db_url, day0, idle, day1, day0_paths)


def test_at_least_ten_provinces_with_two_sources_each() -> None:
    regions = {catalogue({})[name].region for name in SHIPPED}
    assert len(regions) >= 10 and len(SHIPPED) >= 2 * 10
    assert len(catalogue({})) >= 30


@pytest.mark.parametrize("source", SOURCES)
def test_every_column_is_crawled_new_revised_withdrawn(crawls: Crawls, source: str) -> None:
    province, column = _column(source)
    day0, idle, day1 = crawls.day0[source], crawls.idle[source], crawls.day1[source]
    assert day0["outcome"] == "ok" and day0["errors"] == 0
    assert day0["new"] == len(documents(province, column, 0))
    assert idle["detail_requests"] == 0
    assert (day1["new"], day1["revised"], day1["withdrawn"]) == (1, 1, 1)


def test_the_jcms_platforms_are_read_through_their_unit_api_and_jpage_proxy(
    crawls: Crawls,
) -> None:
    paths = {(host, path.partition("?")[0]) for host, path in crawls.day0_paths}
    assert ("www.zj.gov.cn", UNIT_API) in paths
    assert ("ypjgj.jiangsu.gov.cn", DATA_PROXY) in paths
    assert {catalogue({})[name].platform for name in SHIPPED} == {
        "trs",
        "jpaas",
        "hanweb",
        "gkmlpt",
    }


def test_field_coverage_is_at_least_99_percent(crawls: Crawls) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        versions = [
            document.current_version
            for document in session.scalars(select(Document))
            if document.source_id in SOURCES
        ]
        filled = sum(bool(getattr(version, field)) for version in versions for field in FIELDS)
        with_wenhao = sum(bool(version.wenhao) for version in versions)
        regions = {
            source.id: (source.region, source.city) for source in session.scalars(select(Source))
        }
    store.close()
    assert len(versions) >= 24 * 5
    assert filled / (len(versions) * len(FIELDS)) >= 0.99
    assert with_wenhao >= len(versions) * 0.8
    assert regions["chongqing_gfxwj"] == ("chongqing", None)
    assert regions["shenzhen_gkmlpt"] == ("guangdong", "深圳市")


def test_device_documents_are_relevant_and_the_others_are_not(crawls: Crawls) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        judged = {
            document.current_version.title: is_relevant(
                document.current_version.topics, "medical_equipment"
            )
            for document in session.scalars(select(Document))
            if document.source_id in SOURCES
        }
    store.close()
    device = {title: relevant for title, relevant in judged.items() if "医疗" in title}
    other = {title: relevant for title, relevant in judged.items() if "医疗" not in title}
    assert device and all(device.values()), [t for t, r in device.items() if not r]
    assert other and not any(other.values()), [t for t, r in other.items() if r]


def test_a_national_policy_reposted_by_each_province_is_one_policy(crawls: Crawls) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        hits = search(session, "", SearchFilters(wenhao=NATIONAL_WENHAO), limit=100)
        zhejiang = search(session, "", SearchFilters(region="zhejiang"), limit=100)
    store.close()
    assert len({hit.policy_id for hit in hits}) == 1 and len(hits) >= len(PROVINCES)
    assert zhejiang and all(hit.source.startswith("zhejiang") for hit in zhejiang)


def test_a_provincial_plan_is_its_own_policy_citing_the_national_one(crawls: Crawls) -> None:
    plan = _column("sichuan_gfxwj")[0]
    store = open_store(crawls.db_url)
    with store.session() as session:
        national = search(session, "", SearchFilters(wenhao=NATIONAL_WENHAO), limit=1)[0]
        found = search(session, f"{plan.name}推动高端医疗装备产业", limit=5)
        cites = {hit.document_id: dossier(session, str(hit.document_id)).cites for hit in found}
        own = dossier(session, str(national.document_id))
    store.close()
    assert found and all(hit.policy_id != national.policy_id for hit in found)
    assert all([policy.id for policy in cited] == [national.policy_id] for cited in cites.values())
    assert own is not None and own.cites == []


def test_region_feeds_are_written_and_listed(crawls: Crawls, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = CliRunner().invoke(
        main, ["--db", crawls.db_url, "feeds", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    zhejiang = (out / "regions" / "zhejiang.atom").read_text(encoding="utf-8")
    assert "浙江省推动高端医疗装备产业" in zhejiang and "四川省推动高端医疗装备产业" not in zhejiang
    assert "regions/zhejiang.atom" in (out / "index.opml").read_text(encoding="utf-8")
