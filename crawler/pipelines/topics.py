"""Score each item against the configured topics (medical equipment by default)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.config import load_config
from crawler.items import PolicyItem
from crawler.topics import Topic, classify, load_topics
from storage.attachments import attachment_text


class TopicPipeline:
    """Scores every item against the configured topics (policywatch.toml `[topics.*]`)."""

    def __init__(self, topics: list[Topic]) -> None:
        self.topics = topics

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TopicPipeline:
        return cls(load_topics(load_config()))

    def process_item(self, item: PolicyItem) -> PolicyItem:
        text = f"{item.text}\n{attachment_text(item.attachments)}"
        item.topics = classify(self.topics, item.title, text)
        return item
