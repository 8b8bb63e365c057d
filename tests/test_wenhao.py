"""Finding a 文号 in body text."""

from __future__ import annotations

import pytest

from crawler.wenhao import find_wenhao


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("国科发资〔2022〕303号\n各省、自治区…", "国科发资〔2022〕303号"),
        ("通知\n工信部联规[2021]208号\n为贯彻…", "工信部联规[2021]208号"),
        ("粤办函（2021）366号", "粤办函（2021）366号"),
        ("国卫通【2026】10号", "国卫通【2026】10号"),
        ("国办发〔2020〕第 7 号", "国办发〔2020〕第 7 号"),
        ("京ICP备05022684号 京公网安备11010802033425号", None),
        ("2021年第208号公告", None),
        ("一、背景\n国家药监局发布《意见》（国药监妆〔2025〕18号，以下简称《意见》）", None),
        ("各单位：\n现将《通知》（国药监械管〔2025〕237号）转发。", "国药监械管〔2025〕237号"),
        ("", None),
        (None, None),
    ],
)
def test_find_wenhao(text: str | None, found: str | None) -> None:
    assert find_wenhao(text) == found


def test_only_the_opening_of_a_text_is_searched() -> None:
    assert find_wenhao("各单位：" + "正文。" * 200 + "参照国办发〔2020〕7号执行。") is None
