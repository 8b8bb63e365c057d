"""Caps on stored fields: cut with a marker, counted by the pipeline that validates items."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import AttachmentRef, PolicyItem
from crawler.limits import CUT_MARK, MAX_ATTACHMENTS, Limits, apply_limits, cut, cut_html
from crawler.pipelines.quality import QualityPipeline

BODY = "医疗器械注册人制度的通知正文。" * 10


def _item(**fields: object) -> PolicyItem:
    values: dict[str, object] = {
        "source": "most_tztg",
        "url": "https://www.most.gov.cn/tztg/a.html",
        "title": "关于医疗器械的通知",
        "text": BODY,
        "html": f"<p>{BODY}</p>",
    }
    return PolicyItem(**(values | fields))  # type: ignore[arg-type]


def test_cut_keeps_the_cap_and_marks_the_cut() -> None:
    cut_title = cut("题" * 100_000, 500)
    assert len(cut_title) == 500 and cut_title.endswith(CUT_MARK)
    assert cut("short", 500) == "short"


def test_html_is_cut_before_a_tag_not_inside_it() -> None:
    html = "<p>" + "a" * 20 + '<a href="https://example.org/x">link</a></p>'
    cut_at = cut_html(html, 35)
    assert cut_at == "<p>" + "a" * 20 + CUT_MARK
    assert cut_html(html, 1000) == html


def test_an_item_with_every_field_over_its_cap() -> None:
    item = _item(
        title="标" * 100_000,
        wenhao="号" * 300,
        issuer="局" * 300,
        department="司" * 300,
        index_no="0" * 300,
        text="文" * 2000,
        html="<p>" + "文" * 2000 + "</p>",
        etag='"' + "e" * 1000 + '"',
        attachments=[
            AttachmentRef(url=f"https://www.most.gov.cn/{n}.pdf", name="附" * 1000)
            for n in range(MAX_ATTACHMENTS + 5)
        ]
        + [AttachmentRef(url="https://www.most.gov.cn/" + "x" * 2000, name="long")],
    )
    cuts = apply_limits(item, Limits(body_chars=1000))
    assert cuts == [
        "title", "wenhao", "issuer", "department", "index_no", "text", "html", "etag",
        "attachments", "attachment_name",
    ]  # fmt: skip
    assert len(item.title) == 500 and item.title.endswith(CUT_MARK)
    assert len(item.wenhao or "") == 100 and len(item.issuer or "") == 200
    assert len(item.department or "") == 200
    assert len(item.text) == 1000 and len(item.html) <= 1000 and item.etag is None
    assert len(item.attachments) == MAX_ATTACHMENTS
    assert all(len(ref.name) == 300 for ref in item.attachments)


def test_an_item_within_its_caps_is_left_alone() -> None:
    item = _item(wenhao="国卫通〔2026〕10号")
    before = item.to_record()
    assert apply_limits(item, Limits()) == []
    assert item.to_record() == before


def test_the_quality_pipeline_cuts_and_counts() -> None:
    crawler = get_crawler(settings_dict={"POLICYWATCH_BODY_MAXCHARS": 100})
    pipeline = QualityPipeline.from_crawler(crawler)
    item = pipeline.process_item(_item(title="标" * 100_000))
    assert len(item.title) == 500 and len(item.text) == 100
    assert crawler.stats.get_value("policywatch/cut/title") == 1
    assert crawler.stats.get_value("policywatch/cut/text") == 1


def test_the_quality_pipeline_drops_an_item_whose_url_is_over_its_cap() -> None:
    crawler = get_crawler()
    with pytest.raises(DropItem, match="URL over"):
        QualityPipeline.from_crawler(crawler).process_item(_item(url="https://a.cn/" + "x" * 2000))
    assert crawler.stats.get_value("policywatch/dropped/url_too_long") == 1
