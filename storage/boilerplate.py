"""Strip site furniture that survives text extraction: headers, footers, share and print lines."""

from __future__ import annotations

import re

SHORT_LINE = 120
_LABELS = re.compile(
    r"来源[:：]|责任编辑|编辑[:：]|作者[:：]|发布时间|发布日期|更新时间|浏览次数|阅读次数|访问量|"
    r"点击[数量率]|字号|字体[:：]|【\s*[大中小]\s*】|当前位置|您现在的位置|首页\s*[>＞»/]|网站地图|"
    r"联系我们|主办单位|承办单位|主办[:：]|版权所有|copyright|©|icp备|公网安备|网站标识码|技术支持|"
    r"上一篇|下一篇|我要纠错|纠错|扫一扫|扫码|二维码|分享到|打印本页|打印正文|关闭窗口|返回顶部|"
    r"【\s*(打印|关闭|收藏|分享)\s*】|本文转自|原标题|快照|本站|侵权|原文地址|免责声明|hotline|"
    r"我的订阅",
    re.IGNORECASE,
)
_FURNITURE_WORDS = re.compile(r"打印|关闭|收藏|分享|返回|顶部|微信|微博|qq空间|\W|_", re.IGNORECASE)
_TAIL = re.compile(
    r"^(相关链接|相关新闻|相关文章|相关阅读|相关稿件|相关文件|推荐阅读|延伸阅读|猜你喜欢|热点推荐|"
    r"更多关于|similar news|related (news|links|articles)|key words)",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"^[\d\s年月日号:./,\-]+(am|pm)?$", re.IGNORECASE)
_NAV_SEPARATORS = re.compile(r"[\s|｜·•>＞»]+")
_SENTENCE = re.compile(r"[，。,.；;：:]")
NAV_MIN_ITEMS = 4
NAV_MAX_ITEM = 6


def strip_boilerplate(text: str) -> str:
    """`text` without furniture lines, and without any related-links list that ends it."""
    kept = []
    for raw in text.splitlines():
        line = raw.strip()
        if _TAIL.match(line) and len(line) < SHORT_LINE:
            break
        if line and not _is_furniture(line):
            kept.append(line)
    return "\n".join(kept)


def _is_furniture(line: str) -> bool:
    if _TIMESTAMP.match(line):
        return True
    if len(line) >= SHORT_LINE:
        return False
    if _LABELS.search(line) or not _FURNITURE_WORDS.sub("", line):
        return True
    items = [item for item in _NAV_SEPARATORS.split(line) if item]
    return len(items) >= NAV_MIN_ITEMS and all(
        len(item) <= NAV_MAX_ITEM and not _SENTENCE.search(item) for item in items
    )
