"""The regions a source can belong to: the nation, or a province by its pinyin slug."""

from __future__ import annotations

NATIONAL = "national"

REGIONS: dict[str, str] = {
    NATIONAL: "全国",
    "beijing": "北京市",
    "tianjin": "天津市",
    "hebei": "河北省",
    "shanxi": "山西省",
    "neimenggu": "内蒙古自治区",
    "liaoning": "辽宁省",
    "jilin": "吉林省",
    "heilongjiang": "黑龙江省",
    "shanghai": "上海市",
    "jiangsu": "江苏省",
    "zhejiang": "浙江省",
    "anhui": "安徽省",
    "fujian": "福建省",
    "jiangxi": "江西省",
    "shandong": "山东省",
    "henan": "河南省",
    "hubei": "湖北省",
    "hunan": "湖南省",
    "guangdong": "广东省",
    "guangxi": "广西壮族自治区",
    "hainan": "海南省",
    "chongqing": "重庆市",
    "sichuan": "四川省",
    "guizhou": "贵州省",
    "yunnan": "云南省",
    "xizang": "西藏自治区",
    "shaanxi": "陕西省",
    "gansu": "甘肃省",
    "qinghai": "青海省",
    "ningxia": "宁夏回族自治区",
    "xinjiang": "新疆维吾尔自治区",
}
"""Slug → name; the slug is what `--region`, the web filter and `regions/<slug>.atom` use."""


def region_label(region: str, city: str | None = None) -> str:
    """`浙江省`, `广东省 · 深圳市`, or the slug itself when it is not a known region."""
    name = REGIONS.get(region, region)
    return f"{name} · {city}" if city else name
