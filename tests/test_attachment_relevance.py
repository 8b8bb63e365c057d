"""Topic relevance reads the text of a page's attachments with the page's own."""

from __future__ import annotations

from crawler.config import load_config
from crawler.items import AttachmentRef, PolicyItem
from crawler.pipelines.topics import TopicPipeline
from crawler.topics import load_topics
from storage.relevance import is_relevant

MEDICAL = "medical_equipment"
DEVICE_LIST = (
    "医疗器械注册人名单：医用磁共振成像设备、医用电子体温计、一次性使用无菌注射器、医疗装备"
)


def _item(attachment_text: str | None) -> PolicyItem:
    return PolicyItem(
        source="nmpa_ylqxggtg",
        url="https://www.nmpa.gov.cn/ylqx/ylqxggtg/20260301/1.html",
        title="关于发布第一批名单的公告",
        text="现将名单予以公布。\n附件：名单",
        html="",
        attachments=[
            AttachmentRef(
                url="https://www.nmpa.gov.cn/1.pdf", name="名单.pdf", text=attachment_text
            )
        ],
    )


def test_a_notice_whose_policy_is_in_its_attachment_is_relevant() -> None:
    pipeline = TopicPipeline(load_topics(load_config()))
    assert not is_relevant(pipeline.process_item(_item(None)).topics, MEDICAL)
    assert is_relevant(pipeline.process_item(_item(DEVICE_LIST)).topics, MEDICAL)
