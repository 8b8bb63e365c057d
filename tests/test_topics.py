"""Topic scoring: title matches weigh more, the default topic finds medical-equipment policy."""

from __future__ import annotations

import pytest

from crawler.config import load_config
from crawler.topics import Topic, classify, load_topics
from storage.relevance import is_relevant

MEDICAL = "medical_equipment"
CASES = [
    ("plan title", "关于印发《“十四五”医疗装备产业发展规划》的通知", "为推动产业发展……", True),
    ("device registration", "关于医疗器械注册人制度试点的公告", "各省级药品监督管理局：", True),
    ("body only, many", "关于开展2024年度工作的通知", "医疗器械 医疗器械 医疗器械 体外诊断", True),
    ("body only, once", "关于开展2024年度工作的通知", "其中涉及医疗器械的内容另行通知。", False),
    ("english news", "Medical equipment industry plan issued", "medical devices", True),
    ("telecom", "关于推进5G网络建设的通知", "基站 频谱 通信", False),
    ("vehicles", "关于新能源汽车推广应用的通知", "充电设施 动力电池", False),
]


@pytest.fixture(scope="module")
def topics() -> list[Topic]:
    return load_topics(load_config())


@pytest.mark.parametrize(
    ("title", "text", "relevant"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_default_topic(topics: list[Topic], title: str, text: str, relevant: bool) -> None:
    assert is_relevant(classify(topics, title, text), MEDICAL) is relevant


def test_title_match_outweighs_body_match(topics: list[Topic]) -> None:
    (topic,) = topics
    assert topic.raw_score("医疗器械", "") > topic.raw_score("", "医疗器械")


def test_body_matches_are_capped() -> None:
    topic = Topic("t", "t", {"x": 1.0}, threshold=10.0, body_cap=2)
    assert topic.raw_score("", "x x x x x") == 2.0


def test_english_keywords_match_whole_words() -> None:
    topic = Topic("t", "t", {"device": 1.0}, threshold=1.0)
    assert topic.raw_score("", "devices deviceful") == 0.0
    assert topic.raw_score("", "a device.") == 1.0
