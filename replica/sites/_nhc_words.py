"""The words NHC documents are made of: departments, health topics, 文号 offices, clauses."""

from __future__ import annotations

from dataclasses import dataclass

from replica.corpus.vocabulary import MEDICAL

COMMISSION = "国家卫生健康委员会"
COMMISSION_SHORT = "国家卫生健康委"
GENERAL_OFFICE = "国家卫生健康委办公厅"


@dataclass(frozen=True)
class Department:
    """A department of the commission: its URL folder and channel, its name, its 文号 office."""

    folder: str
    channel: int
    name: str
    office: str


@dataclass(frozen=True)
class HealthTopic:
    """A field the commission regulates: subjects, the aim of its documents, who drafts them."""

    name: str
    subjects: tuple[str, ...]
    aim: str
    focus: str
    law: str
    departments: tuple[Department, ...]


MEDICAL_POLICY = Department("yzygj", 100068, "医政司", "医政")
PLANNING = Department("guihuaxxs", 100133, "规划司", "规划")
SCIENCE = Department("qjjys", 100150, "科教司", "科教")
DISEASE_CONTROL = Department("jkj", 100104, "疾控局", "疾控")
MATERNAL = Department("fys", 100088, "妇幼司", "妇幼")
AGEING = Department("lljks", 100179, "老龄司", "老龄")
OCCUPATIONAL = Department("zyjks", 100190, "职业健康司", "职健")
FOOD = Department("sps", 100166, "食品司", "食品")

TOPICS: dict[str, HealthTopic] = {
    topic.name: topic
    for topic in (
        HealthTopic(
            MEDICAL,
            (
                "医疗器械临床使用",
                "大型医用设备配置",
                "医学影像检查资料互认",
                "体外诊断试剂临床应用",
                "手术机器人临床应用",
                "医用设备质量控制",
                "高端医疗装备应用示范",
                "康复辅助器具配置",
                "医疗装备应用评价",
            ),
            "加强医疗器械和医用设备的临床使用管理，保障医疗质量安全",
            "医学影像、体外诊断、手术机器人等医疗器械和大型医用设备",
            "《医疗器械监督管理条例》",
            (MEDICAL_POLICY, PLANNING, SCIENCE),
        ),
        HealthTopic(
            "disease",
            ("传染病监测预警", "重点传染病防控", "预防接种", "病媒生物防制"),
            "提升传染病监测预警和应急处置能力，维护人民群众身体健康",
            "重点传染病监测、疫情报告和应急处置",
            "《中华人民共和国传染病防治法》",
            (DISEASE_CONTROL,),
        ),
        HealthTopic(
            "maternal",
            ("母婴安全", "托育机构卫生保健", "出生缺陷防治", "儿童健康促进"),
            "保障母婴安全，促进妇女儿童健康",
            "孕产妇和儿童健康管理、托育服务卫生保健",
            "《中华人民共和国母婴保健法》",
            (MATERNAL,),
        ),
        HealthTopic(
            "ageing",
            ("老年护理服务", "医养结合", "安宁疗护", "老年友善医疗机构建设"),
            "增加老年健康服务供给，积极应对人口老龄化",
            "老年护理、医养结合和安宁疗护服务",
            "《中华人民共和国老年人权益保障法》",
            (AGEING,),
        ),
        HealthTopic(
            "occupational",
            ("职业病防治", "尘肺病防治", "工作场所职业卫生", "职业健康检查"),
            "预防、控制和消除职业病危害，保护劳动者健康",
            "粉尘、化学毒物等职业病危害因素的监测和治理",
            "《中华人民共和国职业病防治法》",
            (OCCUPATIONAL,),
        ),
        HealthTopic(
            "food",
            ("食品安全地方标准", "食品安全风险监测", "国民营养计划", "食品安全企业标准备案"),
            "健全食品安全标准体系，提升食品安全风险监测能力",
            "食品安全标准制定、风险监测和营养健康",
            "《中华人民共和国食品安全法》",
            (FOOD,),
        ),
    )
}
OTHER_TOPICS = tuple(name for name in TOPICS if name != MEDICAL)

DOCUMENT_KINDS = (
    "管理办法",
    "管理规范",
    "技术规范",
    "工作方案",
    "实施细则",
    "质量控制指标",
    "工作指南",
)

ADDRESSEES = "各省、自治区、直辖市及新疆生产建设兵团卫生健康委："
DISCLOSURE = "（信息公开形式：主动公开）"

CLAUSES = (
    "本{k}适用于各级各类医疗卫生机构开展{subject}相关工作。",
    "国家卫生健康委负责全国{subject}工作的监督管理。县级以上地方卫生健康行政部门负责本行政区域内"
    "{subject}工作的监督管理。",
    "医疗卫生机构应当建立健全{subject}管理制度，明确责任部门和责任人员。",
    "重点加强{focus}的规范管理，落实相关技术规范和标准。",
    "医疗卫生机构应当加强相关专业人员培训，定期开展考核评估。",
    "省级卫生健康行政部门应当建立健全质量控制体系，将{subject}情况纳入年度考核。",
    "推动{subject}相关数据的规范采集、互联互通和共享利用，提升信息化管理水平。",
    "鼓励有条件的地区先行先试，及时总结推广典型经验和有效做法。",
    "各级卫生健康行政部门应当加强宣传引导，为{subject}工作营造良好社会氛围。",
    "违反本{k}规定的，由县级以上地方卫生健康行政部门依法依规予以处理。",
)

NOTICE_SECTIONS = (
    ("提高思想认识", "各地要充分认识做好{subject}工作的重要意义，切实加强组织领导，压实工作责任。"),
    ("明确工作任务", "围绕{focus}，细化工作措施，确保各项任务落到实处。"),
    (
        "强化监督指导",
        "省级卫生健康行政部门要加强对辖区内{subject}工作的指导和检查，及时发现和解决问题。",
    ),
    ("做好信息报送", "请各省级卫生健康行政部门于每季度结束后15个工作日内报送工作进展情况。"),
)

INTERPRETATION_POINTS = (
    (
        "《{name}》的出台背景是什么？",
        "近年来，{subject}工作取得积极进展，但仍存在制度不够健全、管理不够规范等问题。"
        "为{aim}，有必要制定《{name}》。",
    ),
    (
        "起草过程中做了哪些工作？",
        "起草组先后赴{provinces}个省份开展调研，召开专家论证会{meetings}次，"
        "并公开征求社会意见，共收到意见建议{opinions}条，经认真研究吸纳形成了《{name}》。",
    ),
    (
        "《{name}》的主要内容有哪些？",
        "《{name}》共{chapters}章{articles}条，明确了{subject}的管理要求、职责分工和监督管理措施。",
    ),
    (
        "如何加强{subject}的质量安全管理？",
        "《{name}》要求围绕{focus}，建立健全质量管理制度，定期开展自查和评估，及时整改发现的问题。",
    ),
    (
        "对医疗卫生机构提出了哪些要求？",
        "医疗卫生机构应当明确{subject}工作的责任部门，配备必要的专业人员，"
        "于{deadline}前完成相关制度建设。",
    ),
    (
        "地方卫生健康行政部门承担哪些职责？",
        "县级以上地方卫生健康行政部门负责本行政区域内{subject}工作的监督管理，"
        "将相关情况纳入年度考核，考核结果向社会公开。",
    ),
    (
        "如何推动《{name}》落地见效？",
        "国家卫生健康委将组织开展宣传培训，指导各省份在{year}年底前制定实施细则，"
        "并适时开展督导评估。",
    ),
    (
        "与原有规定相比有哪些变化？",
        "《{name}》在总结前期工作经验的基础上，新增了{added}项管理要求，细化了{subject}的工作流程。",
    ),
    (
        "在信息化建设方面有什么考虑？",
        "《{name}》提出推动{subject}相关数据的规范采集和互联互通，逐步实现省级平台全覆盖。",
    ),
)

REVISED_CLAUSES = (
    "医疗卫生机构应当于每年3月31日前向省级卫生健康行政部门报送上一年度执行情况。",
    "对工作成效显著的地区和单位，国家卫生健康委将予以通报表扬。",
)
