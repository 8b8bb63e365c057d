"""Label/value cells of disclosure tables, with the padding real sites put in labels."""

from __future__ import annotations

import pytest

from crawler.metadata import label_values

CASES = [
    ("ideographic spaces", ["标\u3000\u3000题：", "关于X的通知"], {"title": "关于X的通知"}),
    ("spaced label", ["索 引 号：", "2026-02-00018"], {"index_no": "2026-02-00018"}),
    (
        "nbsp padding",
        ["文\xa0\xa0\xa0\xa0号：", "国科发规〔2023〕12号"],
        {"wenhao": "国科发规〔2023〕12号"},
    ),
    ("half-width colon", ["发文机构:", "科学技术部"], {"agency": "科学技术部"}),
    ("no colon", ["成文日期", "2023年10月08日"], {"written_on": "2023年10月08日"}),
    ("inline value", ["文号：国卫通〔2026〕10号"], {"wenhao": "国卫通〔2026〕10号"}),
    ("empty value", ["发布日期：", "", "有效性：", "有效"], {"validity": "有效"}),
    ("unknown label", ["浏览次数：", "123"], {}),
    (
        "whole row",
        ["标题：", "关于A", "发文字号：", "国科发〔2021〕1号", "发布日期：", "2021-01-02"],
        {"title": "关于A", "wenhao": "国科发〔2021〕1号", "published": "2021-01-02"},
    ),
]


@pytest.mark.parametrize(("cells", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_label_values(cells: list[str], expected: dict[str, str]) -> None:
    assert label_values(cells) == expected
