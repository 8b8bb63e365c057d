"""Identity rules: 文号 normalization, canonical URLs, text hashes, policy keys."""

from __future__ import annotations

import pytest

from storage.identity import canonical_url, content_hash, normalize_wenhao, policy_key


@pytest.mark.parametrize(
    "variant",
    [
        "工信部联规〔2021〕208号",
        "工信部联规[2021]208号",
        "工信部联规［2021］208号",
        "工信部联规（2021）208号",
        "工信部联规(2021)208号",
        "工信部联规【2021】208号",
        "工信部联规 〔 2021 〕 208 号",
        "工信部联规〔2021〕第208号",
    ],
)
def test_wenhao_variants_normalize_to_one_form(variant: str) -> None:
    assert normalize_wenhao(variant) == "工信部联规〔2021〕208号"


def test_blank_wenhao_is_none() -> None:
    assert normalize_wenhao(None) is None
    assert normalize_wenhao(" \u3000") is None


def test_canonical_url_ignores_scheme_case_port_and_fragment() -> None:
    assert (
        canonical_url("HTTP://WWW.MOST.GOV.CN:80/tztg/index.html#x")
        == "https://www.most.gov.cn/tztg/index.html"
    )
    assert canonical_url("https://a.gov.cn:8443/p?q=1") == "https://a.gov.cn:8443/p?q=1"


def test_content_hash_ignores_layout_whitespace_only() -> None:
    assert content_hash("第一条\n\n 本办法") == content_hash("第一条 本办法")
    assert content_hash("第一条 本办法") != content_hash("第二条 本办法")


def test_policy_key_is_stable_and_prefers_the_wenhao() -> None:
    by_wenhao = policy_key("国科发资〔2026〕12号", "https://a.gov.cn/1.html")
    assert by_wenhao == policy_key("国科发资〔2026〕12号", "https://b.gov.cn/2.html")
    assert policy_key(None, "https://a.gov.cn/1.html") != by_wenhao
    assert len(by_wenhao) == 20


BODY = "第一条 为推动高端医疗器械创新发展，制定本方案。第二条 本方案自发布之日起施行。"


@pytest.mark.parametrize(
    "noisy",
    [
        BODY + "浏览次数：1234",
        BODY + " 阅读量: 56 次",
        "点击数：7 " + BODY,
        BODY + "打印日期：2026-03-01",
        BODY + "更新时间：2026年3月1日 10:22",
        BODY + "【打印本页】【关闭窗口】",
        BODY + "[打印] [关闭]",
        "分享到：" + BODY,
        "字体：【大 中 小】" + BODY,
        BODY + "扫一扫在手机打开当前页",
        BODY.replace("，", ", ").replace("。", "。\n\n"),
        "\u3000\u3000" + BODY + "\xa0",
    ],
)
def test_page_noise_is_not_a_revision(noisy: str) -> None:
    assert content_hash(noisy) == content_hash(BODY)


@pytest.mark.parametrize(
    "edited",
    [
        BODY.replace("高端医疗器械", "医学影像设备"),
        BODY + "第三条 本方案由科技部负责解释。",
        BODY.replace("第二条 本方案自发布之日起施行。", ""),
        BODY + "支持3D打印医疗器械。",
        BODY.replace("2", "3") + "有效期5年。",
    ],
)
def test_real_edits_are_revisions(edited: str) -> None:
    assert content_hash(edited) != content_hash(BODY)
