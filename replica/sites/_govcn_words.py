"""The words of the State Council policy library: issuers, 文号 prefixes, topics, sentences."""

from __future__ import annotations

from dataclasses import dataclass

from replica.corpus.vocabulary import MEDICAL

GONGWEN = "gongwen"
BUMENFILE = "bumenfile"


@dataclass(frozen=True)
class Issuer:
    """Who signs a document: the 发文机关, how titles name it, where its pages come from."""

    agency: str
    short: str
    category: str
    source: str

    @property
    def state_council(self) -> bool:
        return self.category == GONGWEN


STATE_COUNCIL = Issuer("国务院", "国务院", GONGWEN, "中国政府网")
GENERAL_OFFICE = Issuer("国务院办公厅", "国务院办公厅", GONGWEN, "中国政府网")
MIIT = Issuer("工业和信息化部", "工业和信息化部", BUMENFILE, "工业和信息化部网站")
NMPA = Issuer("国家药品监督管理局", "国家药监局", BUMENFILE, "国家药监局网站")
NDRC = Issuer("国家发展和改革委员会", "国家发展改革委", BUMENFILE, "国家发展改革委网站")
MOA = Issuer("农业农村部", "农业农村部", BUMENFILE, "农业农村部网站")
NEA = Issuer("国家能源局", "国家能源局", BUMENFILE, "国家能源局网站")
MOT = Issuer("交通运输部", "交通运输部", BUMENFILE, "交通运输部网站")
NHC_SOURCE = "国家卫生健康委网站"


@dataclass(frozen=True)
class PolicyTopic:
    """A policy field: subjects, the focus of its tasks, its 主题分类 and who issues on it."""

    name: str
    subjects: tuple[str, ...]
    focus: str
    theme: str
    issuers: tuple[tuple[Issuer, tuple[str, ...]], ...]


TOPICS: dict[str, PolicyTopic] = {
    topic.name: topic
    for topic in (
        PolicyTopic(
            MEDICAL,
            (
                "高端医疗装备",
                "医疗装备产业",
                "创新医疗器械",
                "医学影像设备",
                "体外诊断试剂",
                "手术机器人",
                "康复辅助器具产业",
                "医用设备更新",
            ),
            "医学影像、体外诊断、手术机器人等高端医疗器械和医疗装备",
            "卫生、体育\\卫生",
            (
                (GENERAL_OFFICE, ("国办发", "国办函")),
                (MIIT, ("工信部联规", "工信部规")),
                (NMPA, ("国药监械注", "国药监械管")),
                (NDRC, ("发改高技",)),
            ),
        ),
        PolicyTopic(
            "telecom",
            ("5G应用", "千兆光网", "卫星互联网", "算力基础设施", "工业互联网"),
            "5G、千兆光网、算力网络等新型信息基础设施",
            "工业、交通\\信息产业（含电信）",
            ((STATE_COUNCIL, ("国发", "国函")), (MIIT, ("工信部通信", "工信部信管"))),
        ),
        PolicyTopic(
            "vehicles",
            ("新能源汽车", "智能网联汽车", "汽车以旧换新", "动力电池回收利用"),
            "整车集成、动力电池、车用操作系统等关键环节",
            "工业、交通\\机动车",
            ((GENERAL_OFFICE, ("国办发",)), (MIIT, ("工信部装",)), (MOT, ("交运发",))),
        ),
        PolicyTopic(
            "agriculture",
            ("高标准农田", "种业振兴", "智慧农业", "农机装备"),
            "种源、农机装备、耕地保护等农业关键领域",
            "农业、林业、水利\\农业、畜牧业、渔业",
            ((GENERAL_OFFICE, ("国办发",)), (MOA, ("农科教发", "农机发"))),
        ),
        PolicyTopic(
            "energy",
            ("新型储能", "可再生能源", "氢能产业", "智能电网"),
            "新型储能、氢能、智能电网等能源新技术",
            "国土资源、能源\\电力",
            ((STATE_COUNCIL, ("国发",)), (NEA, ("国能发科技",)), (NDRC, ("发改能源",))),
        ),
        PolicyTopic(
            "materials",
            ("新材料产业", "稀土行业", "先进半导体材料", "高性能纤维"),
            "先进基础材料、关键战略材料和前沿新材料",
            "工业、交通\\其他",
            ((MIIT, ("工信部原",)),),
        ),
    )
}
OTHER_TOPICS = tuple(name for name in TOPICS if name != MEDICAL)

PLAN_KINDS = (
    "产业发展规划",
    "高质量发展行动方案",
    "实施方案",
    "管理办法",
    "标准体系建设指南",
    "三年行动计划（{start}—{end}年）",
)

STATE_COUNCIL_ADDRESSEES = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
MINISTRY_ADDRESSEES = "各省、自治区、直辖市及计划单列市、新疆生产建设兵团有关主管部门，各有关单位："
STATE_COUNCIL_DISCLOSURE = "（此件公开发布）"
MINISTRY_DISCLOSURE = "（此件主动公开）"

PLAN_SECTIONS = (
    (
        "总体要求",
        "以习近平新时代中国特色社会主义思想为指导，完整、准确、全面贯彻新发展理念，"
        "聚焦{focus}，推动{subject}高质量发展。",
    ),
    ("主要目标", "到{end}年，{subject}创新能力显著增强，产业链供应链韧性和安全水平明显提升。"),
    ("重点任务", "（一）强化创新引领。围绕{focus}，组织开展关键核心技术攻关。"),
    (None, "（二）推动应用推广。支持{subject}领域先进适用技术和产品示范应用。"),
    (None, "（三）优化产业生态。培育一批具有国际竞争力的骨干企业和专精特新中小企业。"),
    ("保障措施", "各地区、各部门要加强组织领导，强化政策协同，确保各项任务落地见效。"),
)

REVISED_CLAUSES = (
    "各地区要于每年12月底前将年度工作进展情况报送牵头部门。",
    "对工作推进有力、成效明显的地区，在相关资金安排上予以倾斜支持。",
)
