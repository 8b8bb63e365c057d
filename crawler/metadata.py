"""Read the label/value cells of information-disclosure tables (政府信息公开) into named fields."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.extract import clean_label, collapse_space

FIELD_LABELS: dict[str, str] = {
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "索引号": "index_no",
    "发文机构": "agency",
    "发文机关": "agency",
    "发布机构": "agency",
    "发文单位": "agency",
    "成文日期": "written_on",
    "生成日期": "written_on",
    "发布日期": "published",
    "发文日期": "published",
    "公开日期": "published",
    "发布时间": "published",
    "发文字号": "wenhao",
    "文号": "wenhao",
    "文件编号": "wenhao",
    "有效性": "validity",
    "主题分类": "category",
    "分类": "category",
}


def label_values(cells: Iterable[str]) -> dict[str, str]:
    """Fields named by label cells, each taken from the cell after its label.

    A cell is a label when, stripped of padding and colon, it is a known label; the next
    cell holds its value. A label cell that carries its value after the colon
    (`文号：国卫通〔2026〕10号`) is read as both.
    """
    fields: dict[str, str] = {}
    pending: str | None = None
    for raw in cells:
        text = collapse_space(raw)
        label, _, inline_value = text.replace(":", "：").partition("：")
        field = FIELD_LABELS.get(clean_label(label))
        if field is not None:
            pending = None if inline_value.strip() else field
            if inline_value.strip():
                fields.setdefault(field, inline_value.strip())
            continue
        if pending is not None and text:
            fields.setdefault(pending, text)
        pending = None
    return fields
