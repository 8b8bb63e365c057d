"""The words Guangdong documents are made of: agencies, 文号 prefixes, topics, sentence patterns."""

from __future__ import annotations

from dataclasses import dataclass

from replica.corpus.vocabulary import MEDICAL

DRUGS = "drugs"
COSMETICS = "cosmetics"


@dataclass(frozen=True)
class Issuer:
    """Who signs: the agency, the code its 索引号 starts with and whom it addresses."""

    agency: str
    index_code: str
    addressees: str


@dataclass(frozen=True)
class Topic:
    """A policy field: its subjects, the focus of its clauses, its 分类 and lead department."""

    name: str
    subjects: tuple[str, ...]
    focus: str
    category: str
    department: str


GOVERNMENT = Issuer(
    "广东省人民政府", "006939756", "各地级以上市人民政府，省政府各部门、各直属机构："
)
GENERAL_OFFICE = Issuer(
    "广东省人民政府办公厅", "006939748", "各地级以上市人民政府，省政府各部门、各直属机构："
)
DRUG_ADMINISTRATION = Issuer(
    "广东省药品监督管理局",
    "MB2D27065",
    "各地级以上市市场监督管理局，省药品监督管理局各处室、各直属单位，各有关单位：",
)

PORTAL_TOPICS: dict[str, Topic] = {
    topic.name: topic
    for topic in (
        Topic(
            MEDICAL,
            (
                "高端医疗器械产业",
                "医疗装备产业",
                "医学影像设备",
                "体外诊断产业",
                "医疗器械产业集群",
                "高端医疗装备推广应用",
                "医用设备配置",
                "创新医疗器械",
                "智能医疗装备",
                "医疗器械产业园",
            ),
            "医学影像、体外诊断、手术机器人、康复辅助器具等高端医疗器械",
            "卫生、体育\\医药管理",
            "省药品监管局",
        ),
        Topic(
            "telecom",
            ("5G基站建设", "千兆光网", "工业互联网", "数字政府基础设施", "算力基础设施"),
            "5G、千兆光网、数据中心等新型信息基础设施",
            "工业、交通\\信息产业（含电信）",
            "省通信管理局",
        ),
        Topic(
            "vehicles",
            ("新能源汽车产业", "智能网联汽车", "充电基础设施", "汽车零部件产业"),
            "整车制造、动力电池、车用芯片等汽车产业关键环节",
            "工业、交通\\汽车",
            "省工业和信息化厅",
        ),
        Topic(
            "agriculture",
            ("高标准农田建设", "现代农业产业园", "丝苗米产业", "渔业高质量发展", "农业机械化"),
            "种业、农机装备、高标准农田等现代农业重点领域",
            "农业、林业、水利\\农业、畜牧业、渔业",
            "省农业农村厅",
        ),
        Topic(
            "energy",
            ("海上风电", "新型储能产业", "天然气管网", "分布式光伏", "能源结构调整"),
            "海上风电、新型储能、氢能等清洁能源",
            "能源\\能源",
            "省能源局",
        ),
        Topic(
            "materials",
            ("先进材料产业", "半导体及集成电路产业", "新材料首批次应用", "超高清视频产业"),
            "先进基础材料、关键战略材料和前沿新材料",
            "工业、交通\\其他",
            "省工业和信息化厅",
        ),
    )
}

MPA_TOPICS: dict[str, Topic] = {
    topic.name: topic
    for topic in (
        Topic(
            MEDICAL,
            (
                "第二类医疗器械注册",
                "医疗器械生产监督",
                "医疗器械经营质量",
                "体外诊断试剂注册",
                "医疗器械唯一标识",
                "创新医疗器械特别审查",
                "医疗器械临床试验",
                "定制式医疗器械",
                "医疗器械不良事件监测",
                "医用耗材质量监管",
            ),
            "医学影像设备、体外诊断试剂、手术机器人、植入性医疗器械等高风险医疗器械",
            "卫生、体育\\医药管理",
            "医疗器械注册管理处",
        ),
        Topic(
            DRUGS,
            (
                "药品上市许可持有人",
                "药品零售连锁",
                "中药饮片炮制",
                "疫苗储存运输",
                "医疗机构制剂",
                "药品网络销售",
            ),
            "药品生产、流通、使用全过程质量安全",
            "卫生、体育\\医药管理",
            "药品安全监管处",
        ),
        Topic(
            COSMETICS,
            ("化妆品注册备案", "化妆品生产经营", "儿童化妆品", "化妆品不良反应监测"),
            "化妆品原料、生产、经营和使用环节质量安全",
            "卫生、体育\\医药管理",
            "化妆品监督管理处",
        ),
    )
}

PORTAL_OTHER_TOPICS = tuple(name for name in PORTAL_TOPICS if name != MEDICAL)
MPA_OTHER_TOPICS = (DRUGS, COSMETICS)

PLAN_NAMES = (
    ("广东省{subject}高质量发展实施方案", "方案"),
    ("广东省促进{subject}发展若干措施", "措施"),
    ("广东省{subject}发展行动计划（{year}—{end}年）", "行动计划"),
    ("广东省{subject}管理办法", "办法"),
    ("广东省{subject}三年行动方案", "方案"),
    ("广东省{subject}“十四五”规划", "规划"),
)
MPA_PLAN_NAMES = (
    ("广东省{subject}管理办法", "办法"),
    ("广东省{subject}工作规程", "规程"),
    ("广东省{subject}实施细则", "细则"),
    ("广东省{subject}检查要点", "要点"),
)
CITIES = ("广州", "深圳", "珠海", "佛山", "东莞", "中山", "江门", "惠州", "汕头", "湛江")

OPINION_TITLES = (
    "{agency}关于加快{subject}发展的意见",
    "{agency}关于推动{subject}高质量发展的实施意见",
    "{agency}关于进一步做好{subject}工作的意见",
)
NOTICE_TITLES = (
    "{agency}关于做好{year}年{subject}工作的通知",
    "{agency}关于成立广东省{subject}工作领导小组的通知",
    "{agency}关于开展{subject}专项行动的通知",
)
REPLY_TITLES = (
    "{agency}关于同意设立{city}{subject}示范区的批复",
    "{agency}关于{city}市{subject}规划的批复",
)
ANNOUNCEMENT_TITLES = (
    "{agency}关于公布{year}年{subject}重点项目名单的公告",
    "{agency}关于{year}年度{subject}专项资金安排情况的公示",
)
MPA_NOTICE_TITLES = (
    "{agency}关于进一步加强{subject}监管工作的通知",
    "{agency}关于开展{year}年{subject}专项检查的通知",
    "{agency}关于做好{subject}有关工作的通知",
)
MPA_ANNOUNCEMENT_TITLES = (
    "{agency}关于{year}年{subject}检查结果的公告",
    "{agency}关于注销{subject}相关许可证书的公告",
)
INTERPRETATION_TITLES = (
    "《{name}》政策解读",
    "一图读懂《{name}》",
    "关于《{name}》的解读",
)

PLAN_SECTIONS = (
    (
        "总体要求",
        "坚持以习近平新时代中国特色社会主义思想为指导，聚焦{focus}，推动{subject}高质量发展。",
    ),
    ("发展目标", "到{end}年，全省{subject}规模和质量效益显著提升，形成粤港澳大湾区协同发展格局。"),
    ("重点任务", "支持广州、深圳发挥引领作用，推动珠三角与粤东粤西粤北地区{subject}协同布局。"),
    ("创新能力", "支持龙头企业联合高校、科研院所组建创新联合体，围绕{focus}开展关键核心技术攻关。"),
    ("要素保障", "省级财政统筹相关专项资金支持{subject}重点项目建设，强化用地、用能、人才保障。"),
    ("组织实施", "各地级以上市人民政府要落实属地责任，{department}要加强统筹协调和跟踪评估。"),
)
CLAUSES = (
    "为规范{subject}工作，根据有关法律法规，结合本省实际，制定本{noun}。",
    "本{noun}适用于本省行政区域内{subject}相关活动及其监督管理。",
    "{department}负责全省{subject}的统筹协调和监督管理工作。",
    "县级以上人民政府有关部门按照各自职责，做好{subject}相关工作。",
    "重点支持{focus}领域的发展和应用。",
    "鼓励粤港澳大湾区内的企业、高校和科研机构开展{subject}合作。",
    "建立健全信用管理和信息公开制度，依法向社会公开{subject}有关信息。",
    "违反本{noun}规定的，由有关部门依法依规处理；构成犯罪的，依法追究刑事责任。",
)
REPLY_SECTIONS = (
    "同意{city}市{subject}相关规划，由{city}市人民政府负责组织实施。",
    "要坚持高起点规划、高标准建设，推动{subject}与城市功能布局有机衔接。",
    "省有关部门要按照职责分工，加强对{city}市{subject}工作的指导和支持。",
)
MPA_SECTIONS = (
    ("工作目标", "以{focus}为重点，全面排查{subject}风险隐患，落实企业主体责任。"),
    ("工作内容", "各地要对辖区内{subject}有关单位开展全覆盖检查，建立问题清单和整改台账。"),
    ("工作要求", "各地市场监管部门要加强组织领导，严格落实“四个最严”要求，依法查处违法违规行为。"),
    ("信息报送", "请各地于每季度结束后10个工作日内，将工作进展情况报送省药品监督管理局。"),
)
INTERPRETATION_SECTIONS = (
    ("起草背景", "为贯彻落实国家关于{subject}的决策部署，进一步优化审评审批服务，起草了本文件。"),
    (
        "主要内容",
        "文件共分为总则、{subject}管理要求、监督检查和附则等部分，明确了{focus}的监管要求。",
    ),
    ("适用范围", "本文件适用于在本省行政区域内从事{subject}相关活动的企业和单位。"),
    ("实施时间", "本文件自印发之日起施行，有效期五年。"),
)

REVISED_PARAGRAPHS = (
    "各地要在{year}年6月底前完成首轮评估，评估结果向社会公开并报省人民政府备案。",
    "对在专项检查中发现的问题，有关企业应当在30个工作日内完成整改并提交整改报告。",
)
