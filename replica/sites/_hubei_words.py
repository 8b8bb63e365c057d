"""The words Hubei provincial documents are made of: subjects, plan names, measures, labels."""

from __future__ import annotations

from replica.corpus.vocabulary import MEDICAL, TOPICS

PROVINCE = "湖北省人民政府"
PROVINCE_OFFICE = "湖北省人民政府办公厅"
PROVINCE_SHORT = "省人民政府"
PROVINCE_OFFICE_SHORT = "省人民政府办公厅"
ADDRESSEES = "各市、州、县人民政府，省政府各部门："
PUBLIC = "（此件公开发布）"

SUBJECTS: dict[str, tuple[str, ...]] = {
    MEDICAL: (
        "高端医疗装备产业",
        "医疗器械产业",
        "生物医药和医疗器械产业",
        "医学影像设备产业",
        "体外诊断产业",
        "康复辅助器具产业",
        "手术机器人产业",
        "医疗设备更新",
        "数字医疗装备",
    ),
    "telecom": ("5G网络建设", "千兆光网", "算力基础设施", "数字经济", "工业互联网"),
    "vehicles": ("新能源汽车产业", "智能网联汽车", "汽车零部件产业"),
    "agriculture": ("高标准农田建设", "种业振兴", "农产品加工业", "稻渔综合种养"),
    "energy": ("新型储能", "光伏发电", "氢能产业", "农村电网巩固提升"),
    "materials": ("新材料产业", "化工新材料", "光电子信息材料"),
}
OTHER_TOPICS = tuple(topic for topic in SUBJECTS if topic != MEDICAL)
FOCUS = {topic: TOPICS[topic].focus for topic in SUBJECTS}

CATEGORIES = {
    MEDICAL: "卫生、体育/医药管理",
    "telecom": "工业、交通/信息产业（含电信）",
    "vehicles": "工业、交通/机械制造与重工业",
    "agriculture": "农业、林业、水利/农业、畜牧业、渔业",
    "energy": "工业、交通/能源",
    "materials": "工业、交通/其他",
}

PLAN_NAMES = (
    ("湖北省促进{subject}发展若干措施", "措施"),
    ("湖北省{subject}高质量发展行动方案", "方案"),
    ("湖北省加快{subject}发展实施方案", "方案"),
    ("湖北省{subject}三年行动计划（{year}—{until}年）", "计划"),
    ("湖北省支持{subject}发展若干政策", "政策"),
)
OPINIONS = (
    "关于加快{subject}高质量发展的意见",
    "关于进一步支持{subject}发展的实施意见",
    "关于推进{subject}创新发展的指导意见",
)

MEASURES = (
    (
        "强化创新能力",
        "支持企业、高校和科研院所围绕{focus}开展关键核心技术攻关，"
        "对承担国家重大科技项目的单位按规定给予配套支持。",
    ),
    (
        "培育市场主体",
        "实施{subject}重点企业培育工程，对首次进入全国行业前列的企业给予一次性奖励。",
    ),
    (
        "推动集聚发展",
        "依托武汉、襄阳、宜昌等地，打造{subject}特色产业集群，支持建设省级以上产业园区。",
    ),
    (
        "拓展应用场景",
        "鼓励省内单位优先采购{subject}领域创新产品，对首台（套）产品按规定给予保险补偿。",
    ),
    (
        "加强要素保障",
        "省级相关专项资金加大对{subject}的支持力度，引导社会资本设立产业投资基金。",
    ),
    (
        "优化发展环境",
        "深化“放管服”改革，优化审批流程，为{subject}相关企业提供全生命周期服务。",
    ),
)
CLOSING = (
    "强化组织实施",
    "各地各部门要加强统筹协调，明确责任分工，确保各项措施落地见效，重大事项及时报告省人民政府。",
)

REVISED_CLAUSES = (
    "对首次取得第三类医疗器械注册证的产品，省级财政按规定给予一次性奖励。",
    "各市、州人民政府应当于每年12月底前将贯彻落实情况报送省人民政府。",
)
