"""Body extraction: page furniture goes, text and attachments stay, hostile HTML is defused."""

from __future__ import annotations

from crawler.extract import (
    attachment_type,
    block_text,
    find_attachments,
    parse_fragment,
    sanitize_html,
    strip_furniture,
)

PAGE = """
<div id="Zoom">
  <p>第一条　为推动医疗装备产业高质量发展，制定本办法。</p>
  <p>第二条　本办法自发布之日起施行。</p>
  <div class="bdshare">分享到：微信 微博</div>
  <div class="qrcode"><img src="qr.png">扫一扫在手机打开当前页</div>
  <p>【打印本页】【关闭窗口】</p>
  <script>track()</script>
  <p>附件：<a href="./P020231008.pdf">1.医疗装备目录.pdf</a>
     <a href="./P020231008.pdf">重复</a> <a href="../other.html">相关页面</a></p>
</div>
"""
BASE = "https://www.most.gov.cn/tztg/202310/t20231008_1.html"


def test_furniture_is_stripped_and_clauses_kept() -> None:
    text = block_text(strip_furniture(parse_fragment(PAGE)))
    assert text.splitlines()[:2] == [
        "第一条 为推动医疗装备产业高质量发展，制定本办法。",
        "第二条 本办法自发布之日起施行。",
    ]
    for noise in ("分享到", "扫一扫", "打印本页", "track()"):
        assert noise not in text


def test_attachments_are_absolute_and_unique() -> None:
    found = find_attachments(strip_furniture(parse_fragment(PAGE)), BASE)
    assert [(a.url, a.name, a.type) for a in found] == [
        ("https://www.most.gov.cn/tztg/202310/P020231008.pdf", "1.医疗装备目录.pdf", "pdf")
    ]


def test_attachment_type() -> None:
    assert attachment_type("https://x.cn/a/b.DOCX") == "docx"
    assert attachment_type("https://x.cn/a/t2023_1.html") is None
    assert attachment_type("https://x.cn/files/") is None


def test_sanitize_removes_scripts_and_handlers() -> None:
    html = '<p onclick="x()">正文<img src="a.png" onerror="alert(1)"><script>alert(2)</script></p>'
    clean = sanitize_html(html, BASE)
    assert "onerror" not in clean and "onclick" not in clean and "script" not in clean
    assert 'src="https://www.most.gov.cn/tztg/202310/a.png"' in clean
    assert "正文" in clean


def test_sanitize_drops_javascript_links() -> None:
    clean = sanitize_html('<a href="javascript:alert(1)">x</a>', BASE)
    assert "javascript" not in clean
