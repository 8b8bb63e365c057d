"""The words NMPA documents are made of: regulated fields, agencies, 文号 offices, sentences."""

from __future__ import annotations

from dataclasses import dataclass

from replica.corpus.vocabulary import MEDICAL

DRUG = "drug"
COSMETICS = "cosmetics"

NMPA = "国家药品监督管理局"
NMPA_SHORT = "国家药监局"
GENERAL_OFFICE = "国家药品监督管理局综合司"
GENERAL_OFFICE_SHORT = "国家药监局综合司"
HEALTH_COMMISSION = "国家卫生健康委员会"
HEALTH_COMMISSION_SHORT = "国家卫生健康委"
MARKET_REGULATOR = "国家市场监督管理总局"

ADDRESSEES = "各省、自治区、直辖市和新疆生产建设兵团药品监督管理局："
ADDRESSEES_WIDE = "各省、自治区、直辖市和新疆生产建设兵团药品监督管理局，局机关各司局，各直属单位："


@dataclass(frozen=True)
class Field:
    """A regulated product field: its subjects, law, 文号 office and who answers for products."""

    topic: str
    subjects: tuple[str, ...]
    guides: tuple[str, ...]
    kinds: tuple[str, ...]
    law: str
    offices: tuple[str, ...]
    holder: str
    safety: str


FIELDS: dict[str, Field] = {
    field.topic: field
    for field in (
        Field(
            MEDICAL,
            (
                "医疗器械注册",
                "体外诊断试剂",
                "人工智能医疗器械",
                "医疗器械临床试验",
                "医疗器械唯一标识",
                "创新医疗器械",
                "医疗器械网络销售",
                "医疗器械生产",
                "医疗器械经营",
                "有源医疗器械",
                "无源植入性医疗器械",
                "医学影像设备",
                "手术机器人",
                "医疗器械不良事件监测",
                "定制式医疗器械",
                "康复辅助器具",
            ),
            ("注册审查指导原则", "技术审评要点", "临床评价指导原则", "分类界定指导原则"),
            ("管理办法", "工作规范", "实施细则", "检查要点", "管理规定", "工作程序"),
            "《医疗器械监督管理条例》",
            ("械注", "械管", "械"),
            "医疗器械注册人、备案人",
            "用械安全",
        ),
        Field(
            DRUG,
            (
                "药品上市许可持有人",
                "药品网络销售",
                "中药饮片",
                "化学仿制药",
                "疫苗生产流通",
                "药品说明书",
                "药物临床试验",
                "中药配方颗粒",
            ),
            ("药学研究技术指导原则", "临床试验技术指导原则", "质量标准"),
            ("管理办法", "工作规范", "检查要点", "管理规定"),
            "《中华人民共和国药品管理法》",
            ("药注", "药管"),
            "药品上市许可持有人",
            "用药安全",
        ),
        Field(
            COSMETICS,
            (
                "化妆品注册备案",
                "化妆品安全评估",
                "儿童化妆品",
                "化妆品标签",
                "牙膏",
                "化妆品网络经营",
                "化妆品新原料",
            ),
            ("技术导则", "检验规则", "管理规范"),
            ("管理办法", "工作规范", "检查要点"),
            "《化妆品监督管理条例》",
            ("妆",),
            "化妆品注册人、备案人",
            "用妆安全",
        ),
    )
}

ACTIONS = ("监督检查", "专项整治", "质量抽查检验", "飞行检查", "风险隐患排查")

CLAUSES = (
    "本{k}适用于在中华人民共和国境内从事{subject}相关活动的单位和个人。",
    "国家药品监督管理局负责全国{subject}监督管理工作；省、自治区、直辖市药品监督管理部门"
    "负责本行政区域内{subject}监督管理工作。",
    "{holder}应当建立健全质量管理体系，对产品全生命周期质量安全负责。",
    "药品监督管理部门应当加强对{subject}的监督检查，依法查处违法违规行为。",
    "{holder}应当按照规定开展上市后研究和风险管理，及时报告可疑不良反应或者不良事件。",
    "省级药品监督管理部门应当建立{subject}信息化追溯体系，实现来源可查、去向可追。",
    "鼓励{subject}领域创新，对具有明显临床价值或者技术领先的产品予以优先审评审批。",
    "药品监督管理部门应当依法公开{subject}相关行政许可和监督检查信息，接受社会监督。",
    "违反本{k}规定的，依照{law}等有关规定予以处理。",
    "省级药品监督管理部门可以结合本行政区域实际，制定本{k}的实施细则。",
)

SECTIONS = (
    ("工作目标", "以{subject}为重点，全面排查质量安全风险隐患，切实保障公众{safety}。"),
    (
        "重点内容",
        "重点检查{holder}质量管理体系运行情况、产品放行和上市后管理情况，"
        "对发现的问题依法依规处理。",
    ),
    (
        "工作安排",
        "各省级药品监督管理部门应当于通知印发之日起1个月内制定工作方案，"
        "于当年11月30日前将工作总结报送国家药监局。",
    ),
    (
        "工作要求",
        "各地要高度重视，加强组织领导，落实属地监管责任，确保{subject}相关工作取得实效。",
    ),
)

REVISED_CLAUSES = (
    "各省级药品监督管理部门应当于每年1月31日前将上一年度工作情况报送国家药监局。",
    "对连续两年监督检查未发现问题的单位，可以适当降低检查频次。",
)
