"""The documents of each provincial column on each day: a national repost, an implementation
plan citing it, device notices and unrelated documents; day 1 adds one, revises one and
withdraws one."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from html import escape

from replica.sites._province_table import GOV, MPA, Province

NATIONAL_TITLE = "国务院办公厅关于全面深化药品医疗器械监管改革促进医药产业高质量发展的意见"
NATIONAL_WENHAO = "国办发〔2024〕53号"
NATIONAL_TEXT = (
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "药品医疗器械是保障人民群众生命健康的战略性物资。为全面深化药品医疗器械监管改革，促进医药产业高质量发展，"
    "经国务院同意，现提出如下意见。",
    "一、加大对药品医疗器械研发创新的支持力度。完善审评审批机制，对临床急需的创新医疗器械实行优先审评审批，"
    "支持高端医疗装备和关键零部件攻关。",
    "二、提高药品医疗器械审评审批质效。优化医疗器械注册申报资料要求，推进第二类医疗器械审评标准统一。",
    "三、以高效严格监管提升医药产业合规水平。加强医疗器械生产经营使用全链条监管，严厉打击违法违规行为。",
    "国务院办公厅",
)
REVISION_NOTE = "（本文件于发布后作了修订：第三条补充了医疗器械网络销售监管要求。）"


@dataclass(frozen=True)
class Doc:
    """One document as its column lists it and its page shows it."""

    id: int
    column: str
    title: str
    wenhao: str | None
    agency: str
    published: datetime
    paragraphs: tuple[str, ...]
    updated: date | None = None

    @property
    def folder(self) -> str:
        return f"{self.published:%Y%m}"

    @property
    def file_name(self) -> str:
        return f"t{self.published:%Y%m%d}_{self.id}.html"

    @property
    def index_no(self) -> str:
        return f"{self.id:08d}/{self.published:%Y}-{self.id % 100000:05d}"

    @property
    def shown_date(self) -> date:
        return self.updated or self.published.date()


def page_values(doc: Doc) -> dict[str, object]:
    """What a document's page shows, escaped for the templates."""
    return {
        "title": escape(doc.title),
        "published_at": f"{doc.published:%Y-%m-%d %H:%M}",
        "published": f"{doc.published:%Y-%m-%d}",
        "written": f"{doc.published:%Y-%m-%d}",
        "agency": escape(doc.agency),
        "wenhao": escape(doc.wenhao or ""),
        "index_no": doc.index_no,
        "paragraphs": [escape(paragraph) for paragraph in doc.paragraphs],
    }


def cut_title(title: str, chars: int) -> str:
    """A list link's text: the title cut at `chars` with `...`, as the sites show long ones."""
    return title if len(title) <= chars else title[:chars] + "..."


def _id(*parts: str) -> int:
    return 1_000_000 + zlib.crc32("/".join(parts).encode()) % 8_000_000


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 30))


def _gov_docs(p: Province) -> list[Doc]:
    plan = f"{p.name}推动高端医疗装备产业高质量发展实施方案"
    return [
        Doc(
            _id(p.slug, GOV, "repost"),
            GOV,
            NATIONAL_TITLE,
            NATIONAL_WENHAO,
            "国务院办公厅",
            _at(date(2026, 1, 8), 9),
            NATIONAL_TEXT,
        ),
        Doc(
            _id(p.slug, GOV, "plan"),
            GOV,
            f"{p.office}关于印发{plan}的通知",
            f"{p.short}政办发〔2026〕7号",
            p.office,
            _at(date(2026, 2, 12), 10),
            (
                "各市人民政府，省政府各部门、各直属机构：",
                f"《{plan}》已经省政府同意，现印发给你们，请认真贯彻执行。",
                f"根据《{NATIONAL_TITLE}》（{NATIONAL_WENHAO}）精神，结合{p.name}实际，制定本方案。",
                "到2027年，全省医疗器械产业规模明显扩大，高端医疗装备产品供给能力显著增强，"
                "建设一批医疗装备创新中心和应用示范基地。",
                "推动医学影像设备、体外诊断、高值医用耗材等重点领域攻关，支持医疗器械注册人制度全面实施。",
            ),
        ),
        Doc(
            _id(p.slug, GOV, "farming"),
            GOV,
            f"{p.office}关于做好2026年春季农业生产工作的通知",
            f"{p.short}政办发〔2026〕11号",
            p.office,
            _at(date(2026, 3, 2), 11),
            (
                "各市人民政府，省政府各部门：",
                "为切实抓好春季农业生产，保障粮食和重要农产品稳定安全供给，现就有关事项通知如下。",
                "一、稳定粮食播种面积。二、抓好农资供应保障。三、强化农业防灾减灾。",
            ),
        ),
        Doc(
            _id(p.slug, GOV, "renewal"),
            GOV,
            f"{p.government}关于印发{p.name}城市更新行动方案的通知",
            f"{p.short}政发〔2026〕3号",
            p.government,
            _at(date(2026, 3, 20), 15),
            (
                "各市人民政府，省政府各部门：",
                f"现将《{p.name}城市更新行动方案》印发给你们，请结合实际认真组织实施。",
                "推进老旧小区改造，完善城市基础设施，提升城市品质和居住环境。",
            ),
        ),
    ]


def _mpa_docs(p: Province) -> list[Doc]:
    return [
        Doc(
            _id(p.slug, MPA, "inspection"),
            MPA,
            f"{p.mpa}关于开展2026年医疗器械生产企业监督检查工作的通知",
            f"{p.short}药监械〔2026〕5号",
            p.mpa,
            _at(date(2026, 1, 15), 9),
            (
                "各市市场监督管理局，省局各检查分局：",
                "为加强医疗器械生产监督管理，保障医疗器械安全有效，决定开展2026年医疗器械生产企业监督检查。",
                "检查重点为无菌和植入性医疗器械、体外诊断试剂生产企业质量管理体系运行情况。",
            ),
        ),
        Doc(
            _id(p.slug, MPA, "priority"),
            MPA,
            f"{p.mpa}关于发布第二类创新医疗器械优先审批程序的通告",
            f"{p.short}药监通告〔2026〕2号",
            p.mpa,
            _at(date(2026, 2, 5), 10),
            (
                f"为贯彻落实《{NATIONAL_TITLE}》（{NATIONAL_WENHAO}），鼓励医疗器械创新，"
                "省局制定了第二类创新医疗器械优先审批程序，现予发布。",
                "符合条件的第二类医疗器械注册申请，可申请优先审批，技术审评时限压缩至30个工作日。",
                "本通告自发布之日起施行。",
            ),
        ),
        Doc(
            _id(p.slug, MPA, "cosmetics"),
            MPA,
            f"{p.mpa}关于化妆品监督抽检结果的通告",
            f"{p.short}药监通告〔2026〕4号",
            p.mpa,
            _at(date(2026, 3, 10), 14),
            (
                "根据年度化妆品监督抽检计划，省局组织对化妆品生产经营企业进行了监督抽检。",
                "经检验，所抽检的化妆品中有3批次不符合规定，现将结果予以通告。",
            ),
        ),
        Doc(
            _id(p.slug, MPA, "training"),
            MPA,
            f"{p.mpa}关于举办药品安全宣传周活动的通知",
            None,
            p.mpa,
            _at(date(2026, 3, 25), 16),
            (
                "各市市场监督管理局：",
                "为普及药品安全知识，省局定于2026年4月举办药品安全宣传周活动，现将有关事项通知如下。",
            ),
        ),
    ]


def _added(p: Province, column: str) -> Doc:
    if column == GOV:
        return Doc(
            _id(p.slug, GOV, "cluster"),
            GOV,
            f"{p.office}关于印发{p.name}医疗器械产业集群培育行动计划的通知",
            f"{p.short}政办发〔2026〕15号",
            p.office,
            _at(date(2026, 4, 8), 10),
            (
                "各市人民政府，省政府各部门：",
                f"《{p.name}医疗器械产业集群培育行动计划》已经省政府同意，现印发给你们。",
                "培育医疗器械产业集群，支持企业开展医疗装备首台套应用。",
            ),
        )
    return Doc(
        _id(p.slug, MPA, "online"),
        MPA,
        f"{p.mpa}关于进一步加强医疗器械网络销售监管的通知",
        f"{p.short}药监械〔2026〕9号",
        p.mpa,
        _at(date(2026, 4, 9), 9),
        (
            "各市市场监督管理局：",
            "为规范医疗器械网络销售行为，现就加强医疗器械网络销售监督管理有关事项通知如下。",
        ),
    )


@cache
def documents(p: Province, column: str, day: int) -> tuple[Doc, ...]:
    """The column's documents listed on `day`, newest first."""
    docs = _gov_docs(p) if column == GOV else _mpa_docs(p)
    if day >= 1:
        revised = replace(
            docs[1], paragraphs=(*docs[1].paragraphs, REVISION_NOTE), updated=date(2026, 4, 10)
        )
        docs = [_added(p, column), revised, docs[0], docs[2]]
    return tuple(sorted(docs, key=lambda doc: doc.shown_date, reverse=True))


def day_moment(day: int) -> datetime:
    """When the timeline's day `day` was published: the last change of that day."""
    return datetime(2026, 4, 1) + timedelta(days=10 * day)
