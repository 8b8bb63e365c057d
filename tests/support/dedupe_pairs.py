"""A labelled set of document pairs for dedupe, generated from a seeded random and the seed texts.

Duplicates: a policy reposted with other site furniture (and maybe another title form or 文号
spelling), cut excerpts, small edits, and the same for the seed texts (real reposted news).
Hard non-duplicates: a policy and its 解读, two issues of one annual-plan template, two notices
of one agency and form on different subjects; and unrelated pairs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from replica.corpus.seeds import load_seeds

LABEL_SEED = 20260301


@dataclass(frozen=True)
class Agency:
    name: str
    short: str
    prefix: str


@dataclass(frozen=True)
class Doc:
    """A generated page: what a spider would hand over, less the plumbing."""

    title: str
    text: str
    agency: str
    wenhao: str | None
    published: date


@dataclass(frozen=True)
class Pair:
    kind: str
    duplicate: bool
    a: Doc
    b: Doc


AGENCIES = (
    Agency("工业和信息化部", "工信部", "工信部规"),
    Agency("国家药品监督管理局", "国家药监局", "国药监械"),
    Agency("国家卫生健康委员会", "国家卫生健康委", "国卫医"),
    Agency("科学技术部", "科技部", "国科发"),
    Agency("国务院办公厅", "国办", "国办发"),
    Agency("国家发展和改革委员会", "国家发展改革委", "发改高技"),
    Agency("广东省人民政府办公厅", "广东省政府办公厅", "粤府办"),
    Agency("上海市药品监督管理局", "上海市药监局", "沪药监械"),
    Agency("浙江省经济和信息化厅", "浙江省经信厅", "浙经信"),
    Agency("江苏省卫生健康委员会", "江苏省卫生健康委", "苏卫医"),
    Agency("北京市科学技术委员会", "北京市科委", "京科发"),
    Agency("四川省药品监督管理局", "四川省药监局", "川药监"),
)
DOMAINS = (
    "医学影像设备", "体外诊断试剂", "手术机器人", "呼吸机", "血液净化设备", "心脏起搏器",
    "人工关节", "植入器械", "康复辅助器具", "中医诊疗设备", "医用耗材", "可穿戴监测设备",
    "放射治疗设备", "超声诊断仪", "医用内窥镜", "分子诊断仪器", "生物医用材料", "远程医疗系统",
    "5G基站", "千兆光网", "工业互联网", "卫星互联网", "算力网络", "量子通信",
    "新能源汽车", "动力电池", "车用芯片", "智能网联汽车", "氢燃料电池", "充电设施",
    "种业", "农机装备", "智慧农业", "高标准农田", "冷链物流", "农产品加工",
    "新型储能", "光伏组件", "海上风电", "智能电网", "先进核能", "稀土材料",
)  # fmt: skip
ACTIONS = (
    "推进", "加强", "完善", "健全", "优化", "提升", "强化", "深化", "统筹", "推动",
    "支持", "鼓励", "引导", "规范", "培育", "建立", "探索", "落实", "扩大", "加快",
    "促进", "夯实", "拓展", "保障", "突破", "布局", "构建", "打造", "实施", "开展",
    "督促", "指导", "协调", "整合", "共享", "衔接", "评估", "考核", "储备", "遴选",
    "改造", "升级", "推广", "普及", "培养", "引进", "集聚", "孵化", "转化", "认定",
    "备案", "审评", "核查", "抽检", "通报", "约谈", "整治", "清理", "修订", "制定",
    "发布", "编制", "梳理", "摸排", "对接", "联动", "贯通", "延伸", "补齐", "锻造",
    "筑牢", "激发", "释放", "带动", "辐射", "牵引", "赋能", "护航", "压实", "细化",
)  # fmt: skip
QUALITIES = (
    "关键", "核心", "共性", "基础", "前沿", "高端", "智能", "绿色", "安全", "优质",
    "重点", "新型", "先进", "现代", "综合", "专业", "高效", "精准", "协同", "数字",
    "融合", "自主", "可控", "便捷", "普惠", "集约", "系统", "长效", "开放", "区域",
    "国产", "原创", "首台", "首批", "骨干", "领军", "特色", "优势", "薄弱", "短板",
    "源头", "末端", "全程", "动态", "分级", "分类", "跨界", "多元", "柔性", "韧性",
    "低碳", "循环", "集成", "模块", "在线", "远程", "移动", "便携", "微创", "精密",
)  # fmt: skip
OBJECTS = (
    "体系", "机制", "能力", "平台", "标准", "规范", "服务", "技术", "产品", "设备",
    "网络", "数据", "资源", "人才", "项目", "基地", "园区", "企业", "机构", "市场",
    "环境", "生态", "链条", "集群", "模式", "路径", "措施", "政策", "制度", "流程",
    "质量", "效率", "水平", "结构", "要素", "投入", "示范", "应用", "评价", "监测",
    "工艺", "材料", "部件", "软件", "算法", "芯片", "模组", "整机", "样机", "中试",
    "验证", "认证", "检测", "计量", "溯源", "召回", "追溯", "档案", "台账", "清单",
    "目录", "指南", "规程", "预案", "底线", "红线", "考评", "奖补", "贴息", "基金",
    "保险", "信贷", "担保", "租赁", "采购", "招标", "配送", "仓储", "维修", "运维",
)  # fmt: skip
ORG_TYPES = (
    "工业和信息化主管部门", "药品监督管理部门", "卫生健康行政部门", "科技管理部门",
    "发展改革部门", "财政部门", "市场监管部门", "医疗保障部门", "行业协会", "重点企业",
    "三级医院", "县级医院", "科研院所", "高等院校", "检验检测机构", "产业创新联盟",
    "金融机构", "孵化器", "产业园区", "临床试验机构",
)  # fmt: skip
PLACES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川",
    "贵州", "云南", "陕西", "甘肃", "广西", "宁夏", "深圳", "苏州", "武汉", "成都",
    "杭州", "南京", "合肥", "厦门", "青岛", "郑州", "长沙", "西安", "珠海", "无锡",
)  # fmt: skip
UNITS = ("家", "个", "项", "亿元", "万台（套）", "个百分点")
KINDS = ("实施方案", "行动计划", "管理办法", "指导意见", "发展规划", "工作方案", "实施细则")
SECTIONS = ("总体要求", "重点任务", "支持方向", "保障措施", "组织实施", "监督管理", "工作要求")
CHINESE = "零一二三四五六七八九十"
ADDRESSEES = (
    "各省、自治区、直辖市及新疆生产建设兵团{short}相关主管部门，各有关单位：",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "各地级以上市人民政府，省政府各部门、各直属机构：",
)
INTERPRETATION_TITLES = (
    "《{name}》政策解读",
    "一图读懂《{name}》",
    "{short}有关负责人就《{name}》答记者问",
    "图解：《{name}》",
    "《{name}》解读",
)
SITE_NAMES = (
    "中国政府网", "工业和信息化部门户网站", "国家药品监督管理局网站", "广东省人民政府门户网站",
    "中国医疗器械信息网", "医药经济报", "中国经济网", "浙江省经济和信息化厅网站",
)  # fmt: skip


def chinese_number(n: int) -> str:
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE[tens] + "十")
    return head + (CHINESE[units] if units else "")


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _org(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)}{rng.choice(ORG_TYPES)}"


def _phrase(rng: random.Random, domain: str) -> str:
    a, q, o, o2 = (rng.choice(pool) for pool in (ACTIONS, QUALITIES, OBJECTS, OBJECTS))
    return rng.choice((f"{a}{q}{o}{o2}", f"{a}{domain}{q}{o}", f"{a}{q}{domain}{o}{o2}"))


def sentence(rng: random.Random, domain: str, year: int) -> str:
    """One policy-style sentence about `domain`, made of random slots."""
    p1, p2, p3 = (_phrase(rng, domain) for _ in range(3))
    forms = (
        f"{p1}，{p2}，{p3}。",
        f"围绕{domain}{rng.choice(OBJECTS)}和{rng.choice(DOMAINS)}{rng.choice(OBJECTS)}，{p1}，{p2}。",
        f"支持{rng.choice(PLACES)}、{rng.choice(PLACES)}等地区{p1}，{p2}。",
        f"到{year + rng.randint(1, 5)}年，{domain}{rng.choice(QUALITIES)}{rng.choice(OBJECTS)}"
        f"达到{rng.randint(3, 900)}{rng.choice(UNITS)}以上，{p1}。",
        f"鼓励{_org(rng)}{p1}，{p2}，{p3}。",
        f"{_org(rng)}要{p1}，{p2}。",
        f"对{rng.choice(QUALITIES)}{domain}{rng.choice(OBJECTS)}给予最高{rng.randint(50, 3000)}"
        f"万元支持，{p1}。",
    )
    return rng.choice(forms)


def paragraph(rng: random.Random, domain: str, year: int, sentences: tuple[int, int]) -> str:
    return "".join(sentence(rng, domain, year) for _ in range(rng.randint(*sentences)))


def _wenhao(rng: random.Random, agency: Agency, year: int) -> str:
    return f"{agency.prefix}〔{year}〕{rng.randint(1, 400)}号"


def _day(rng: random.Random) -> date:
    return date(2019, 1, 1) + timedelta(days=rng.randint(0, 2500))


def _name(rng: random.Random, domain: str) -> str:
    return f"{rng.choice(QUALITIES)}{domain}{rng.choice(ACTIONS)}{rng.choice(KINDS)}"


def policy(rng: random.Random) -> Doc:
    """An issuing notice: 关于印发《…》的通知, its preamble, then the sections of the document."""
    agency, domain, day = rng.choice(AGENCIES), rng.choice(DOMAINS), _day(rng)
    name = _name(rng, domain)
    body = [
        rng.choice(ADDRESSEES).format(short=agency.short[:2]),
        f"为{_phrase(rng, domain)}，{_phrase(rng, domain)}，{agency.short}研究制定了《{name}》。"
        "现印发给你们，请结合实际认真贯彻执行。",
        agency.name,
        chinese_date(day),
        "（此件公开发布）",
        name,
    ]
    for number, section in enumerate(rng.sample(SECTIONS, rng.randint(3, 5)), 1):
        body.append(f"{chinese_number(number)}、{section}")
        body += [paragraph(rng, domain, day.year, (2, 4)) for _ in range(rng.randint(2, 4))]
    return Doc(
        title=f"{agency.short}关于印发《{name}》的通知",
        text="\n".join(body),
        agency=agency.name,
        wenhao=_wenhao(rng, agency, day.year),
        published=day,
    )


def _furniture(rng: random.Random) -> tuple[list[str], list[str]]:
    """A site's header and footer lines as they survive text extraction."""
    site, day = rng.choice(SITE_NAMES), _day(rng)
    header = [
        site,
        " | ".join(rng.sample(("首页", "机构", "新闻", "政务公开", "政务服务", "互动", "数据"), 5)),
        f"当前位置：首页 > {rng.choice(('政务公开', '政策文件', '通知公告', '行业资讯'))} > 正文",
        f"发布时间：{day:%Y-%m-%d} 来源：{rng.choice(SITE_NAMES)} 浏览次数：{rng.randint(9, 9999)}",
        "【字体：大 中 小】",
        f"{day:%Y-%m-%d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
    ]
    footer = [
        "【打印本页】 【关闭窗口】",
        "分享到：",
        "扫一扫在手机打开当前页",
        f"责任编辑：{rng.choice('张王李赵刘陈杨黄')}{rng.choice('伟敏静丽强磊军洋')}",
        f"主办单位：{site} 版权所有",
        f"京ICP备{rng.randint(10**7, 10**8)}号 网站标识码：bm{rng.randint(10**7, 10**8)}",
        "相关链接：",
        *(f"关于印发《{_name(rng, rng.choice(DOMAINS))}》的通知" for _ in range(rng.randint(2, 5))),
    ]
    head = rng.sample(header, rng.randint(2, len(header)))
    tail = footer[: rng.randint(2, len(footer))]
    if rng.random() < 0.5:
        head.append(f"欢迎访问{site}，{rng.choice(('服务企业', '服务群众', '权威发布'))}每一天")
    if rng.random() < 0.4:
        (head if rng.random() < 0.5 else tail).extend(_sidebar(rng))
    return head, tail


def _sidebar(rng: random.Random) -> list[str]:
    """A list of other pages under a heading no stripping rule knows: it stays in the text."""
    lines = [rng.choice(("最新发布", "图片新闻", "本周热点", "专题专栏", "政策速递"))]
    for _ in range(rng.randint(3, 10)):
        domain = rng.choice(DOMAINS)
        lines.append(
            rng.choice((f"{rng.choice(PLACES)}{_phrase(rng, domain)}", _name(rng, domain)))
        )
        lines.append(f"{_day(rng):%Y-%m-%d}")
    return lines


def _dress(rng: random.Random, lines: list[str]) -> str:
    """The lines framed by another site's furniture, sometimes wrapped differently."""
    head, tail = _furniture(rng)
    if rng.random() < 0.3:
        lines = [part for line in lines for part in _rewrap(rng, line)]
    return "\n".join([*head, *lines, *tail])


def _rewrap(rng: random.Random, line: str) -> list[str]:
    if len(line) < 40 or rng.random() < 0.5:
        return [line]
    cut = rng.randint(10, len(line) - 10)
    return [line[:cut], line[cut:]]


def _repost_title(rng: random.Random, doc: Doc) -> str:
    name = doc.title[doc.title.find("《") + 1 : doc.title.rfind("》")] if "《" in doc.title else ""
    if not name:
        return rng.choice((doc.title, f"【转载】{doc.title}"))
    agency = next((a for a in AGENCIES if a.name == doc.agency), None)
    forms = [doc.title, doc.title, f"关于印发《{name}》的通知", f"《{name}》", name]
    if agency is not None:
        forms += [f"{agency.name}关于印发《{name}》的通知", f"{agency.short}印发《{name}》"]
    return rng.choice(forms)


def _repost_wenhao(rng: random.Random, doc: Doc) -> str | None:
    if doc.wenhao is None or rng.random() < 0.4:
        return None
    left, right = rng.choice((("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】")))
    return doc.wenhao.replace("〔", left).replace("〕", right)


def repost(rng: random.Random, doc: Doc, lines: list[str] | None = None) -> Doc:
    """`doc` on another site a few days later: other furniture, maybe another title form."""
    return replace(
        doc,
        title=_repost_title(rng, doc),
        text=_dress(rng, lines if lines is not None else doc.text.splitlines()),
        wenhao=_repost_wenhao(rng, doc),
        published=doc.published + timedelta(days=rng.randint(0, 20)),
    )


def excerpt(rng: random.Random, doc: Doc) -> Doc:
    """A repost that keeps 55-95% of the body: the head (addressees, preamble) or tail cut."""
    lines = doc.text.splitlines()
    total = sum(map(len, lines))
    keep = total * rng.uniform(0.55, 0.95)
    start = rng.choice((0, 0, 1, 2, 6))
    while sum(map(len, lines[:start])) > total - keep:
        start -= 1
    end = start
    while end < len(lines) and sum(map(len, lines[start:end])) < keep:
        end += 1
    return repost(rng, doc, lines[start:end])


def edit(rng: random.Random, doc: Doc) -> Doc:
    """A repost with one to four small edits: a character, a number, a sentence added or cut."""
    lines = doc.text.splitlines()
    domain = next((d for d in DOMAINS if d in doc.text), "医疗器械")
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        line = lines[index]
        change = rng.randrange(4)
        if change == 0 and len(line) > 2:
            at = rng.randrange(len(line))
            lines[index] = line[:at] + rng.choice("的和及与在对为") + line[at + 1 :]
        elif change == 1:
            lines[index] = line.replace("0", "5", 1).replace("1", "7", 1)
        elif change == 2:
            lines.insert(index, sentence(rng, domain, doc.published.year))
        elif "。" in line[:-1]:
            lines[index] = line[line.index("。") + 1 :]
    edited = repost(rng, doc, lines)
    if rng.random() < 0.3:
        at = rng.randrange(len(edited.title))
        edited = replace(edited, title=edited.title[:at] + "的" + edited.title[at + 1 :])
    return edited


def interpretation(rng: random.Random, doc: Doc) -> Doc:
    """A 解读 of `doc`: its own title form, an introduction, and much of the text quoted."""
    name = doc.title[doc.title.find("《") + 1 : doc.title.rfind("》")]
    short = next((a.short for a in AGENCIES if a.name == doc.agency), doc.agency)
    domain = next((d for d in DOMAINS if d in doc.text), "医疗器械")
    quoted = [line for line in doc.text.splitlines() if len(line) > 60]
    kept = quoted[: max(1, int(len(quoted) * rng.uniform(0.5, 1.0)))]
    explained = rng.uniform(0.1, 1.0)
    lines = [
        f"近日，{doc.agency}印发《{name}》。为便于社会各界准确理解，现就有关内容解读如下。",
        f"一、《{name}》出台的背景是什么？",
        paragraph(rng, domain, doc.published.year, (1, 2)),
        "二、主要内容有哪些？",
    ]
    for line in kept:
        lines.append(line)
        if rng.random() < explained:
            lines.append(f"解读：{sentence(rng, domain, doc.published.year)}")
    return Doc(
        title=rng.choice(INTERPRETATION_TITLES).format(name=name, short=short),
        text="\n".join(lines),
        agency=doc.agency,
        wenhao=None,
        published=doc.published + timedelta(days=rng.randint(0, 3)),
    )


def plan_template(rng: random.Random) -> tuple[Agency, str, list[str]]:
    """An annual plan's kind and body with `{year}` and `{subject}` slots, reused every year."""
    agency, kind = rng.choice(AGENCIES), rng.choice(("工作计划", "工作要点", "监督抽检计划"))
    field = rng.choice(("监督管理", "质量安全", "产业发展", "审评审批", "临床应用"))
    body = [
        f"为做好{{year}}年{{subject}}{kind[:-2]}工作，{_phrase(rng, '{subject}')}，制定本计划。"
    ]
    for number, section in enumerate(rng.sample(SECTIONS, 4), 1):
        body.append(f"{chinese_number(number)}、{section}")
        body.append(f"{{year}}年，{paragraph(rng, '{subject}', 2020, (1, 2))}")
        body += [paragraph(rng, field, 2020, (2, 3)) for _ in range(rng.randint(1, 2))]
    body.append(f"请于{{year}}年12月{rng.randint(1, 25)}日前报送{{subject}}工作总结。")
    return agency, kind, body


def annual_plan(agency: Agency, kind: str, body: list[str], year: int, subject: str) -> Doc:
    text = "\n".join(line.format(year=year, subject=subject) for line in body)
    return Doc(
        title=f"{agency.short}关于印发{year}年{subject}{kind}的通知",
        text=text,
        agency=agency.name,
        wenhao=None,
        published=date(year, 2, 15),
    )


def _notice_skeleton(rng: random.Random) -> list[str]:
    """Stock paragraphs one agency repeats in every notice of a form: requirements, contacts."""
    return [
        paragraph(rng, "申报单位", 2024, (2, 3)),
        f"联系人：{rng.choice('张王李赵刘陈')}{rng.choice('伟敏静丽强磊')} "
        f"电话：010-{rng.randint(10**7, 10**8)}",
        "请各推荐单位于通知印发之日起30个工作日内通过信息系统报送申报材料，逾期不予受理。",
    ]


def agency_notice(rng: random.Random, agency: Agency, skeleton: list[str], subject: str) -> Doc:
    year = rng.randint(2020, 2026)
    body = [
        f"为{_phrase(rng, subject)}，现组织开展{year}年度{subject}揭榜挂帅项目申报工作。",
        *(paragraph(rng, subject, year, (2, 4)) for _ in range(rng.randint(3, 5))),
        *skeleton,
    ]
    return Doc(
        title=f"{agency.short}关于组织开展{year}年度{subject}揭榜挂帅项目申报工作的通知",
        text="\n".join(body),
        agency=agency.name,
        wenhao=None,
        published=date(year, 3, 1) + timedelta(days=rng.randint(0, 60)),
    )


def _seed_docs() -> list[Doc]:
    docs = []
    for number, seed in sorted(load_seeds().items()):
        title = seed.title or seed.paragraphs[0]
        day = date(2017, 6, 14) + timedelta(days=400 * int(number))
        docs.append(Doc(title, "\n".join(seed.paragraphs), "", None, day))
    return docs


def _seed_pairs(rng: random.Random) -> list[Pair]:
    docs = _seed_docs()
    pairs = []
    for doc in docs:
        for make in (repost, repost, excerpt, excerpt, edit):
            pairs.append(Pair(f"seed_{make.__name__}", True, doc, make(rng, doc)))
    for a in docs:
        for b in docs:
            if a.title < b.title:
                pairs.append(Pair("seed_other", False, a, repost(rng, b)))
    return pairs


def labelled_pairs(seed: int = LABEL_SEED) -> list[Pair]:
    """About 400 pairs, half duplicates, the same every run."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    duplicates: tuple[tuple[str, Callable[[random.Random, Doc], Doc], int], ...] = (
        ("repost", repost, 70),
        ("excerpt", excerpt, 50),
        ("edit", edit, 50),
    )
    for kind, make, count in duplicates:
        for _ in range(count):
            doc = policy(rng)
            pairs.append(Pair(kind, True, doc, make(rng, doc)))
    for _ in range(60):
        doc = policy(rng)
        shown = doc if rng.random() < 0.5 else repost(rng, doc)
        pairs.append(Pair("interpretation", False, shown, interpretation(rng, doc)))
    for _ in range(60):
        agency, kind, body = plan_template(rng)
        year, subject = rng.randint(2019, 2025), rng.choice(DOMAINS)
        other_year = year + rng.choice((0, 1, 1, 2))
        others = [d for d in DOMAINS if d != subject]
        other_subject = subject if other_year != year and rng.random() < 0.5 else rng.choice(others)
        a = annual_plan(agency, kind, body, year, subject)
        b = annual_plan(agency, kind, body, other_year, other_subject)
        pairs.append(Pair("annual_plan", False, a, repost(rng, b) if rng.random() < 0.3 else b))
    for _ in range(50):
        agency, skeleton = rng.choice(AGENCIES), _notice_skeleton(rng)
        first, second = rng.sample(DOMAINS, 2)
        a = agency_notice(rng, agency, skeleton, first)
        pairs.append(Pair("same_agency", False, a, agency_notice(rng, agency, skeleton, second)))
    for _ in range(20):
        pairs.append(Pair("unrelated", False, policy(rng), repost(rng, policy(rng))))
    return pairs + _seed_pairs(rng)
