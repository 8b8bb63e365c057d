"""Every source on the real saved pages of its site (tests/files/real/): the exact right parse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.dates import parse_date
from crawler.items import PolicyItem
from crawler.listing import LISTING, ListingRow
from crawler.platforms.base import PolicySpider
from crawler.platforms.jpaas import query_data, unit_query
from crawler.spider_loader import source_spider
from tests.support.pages import FILES

GdGkmlptSpider = source_spider("gd_gkmlpt")
GovcnZcwjkSpider = source_spider("govcn_zcwjk")
MiitTzSpider = source_spider("miit_tz")
MiitZcjdSpider = source_spider("miit_zcjd")
MostGfxwjSpider = source_spider("most_gfxwj")
NhcGfxwjSpider = source_spider("nhc_gfxwj")
NmpaYlqxfgwjSpider = source_spider("nmpa_ylqxfgwj")
NmpaYlqxggtgSpider = source_spider("nmpa_ylqxggtg")

REAL = FILES / "real"


@dataclass(frozen=True)
class ListSample:
    file: str
    spider: type[PolicySpider]
    url: str
    rows: int
    pages: int | None
    first_title: str
    first_url: str
    first_date: date


@dataclass(frozen=True)
class DetailSample:
    file: str
    spider: type[PolicySpider]
    url: str
    title: str
    published: date
    wenhao: str | None
    agency: str
    attachments: int
    body_starts: str
    not_in_body: tuple[str, ...] = ()


NHC_TITLE = "关于发布《感染性腹泻诊断标准》等4项法定传染病诊断标准的通告"
ZJ_TITLE = "省发展改革委关于印发《浙江省固定资产投资项目节能审查和碳排放评价实施办法》的通知"
ZJ = "https://fzggw.zj.gov.cn"
UNIT_API = f"{ZJ}/api-gateway/jpaas-publish-server/front/page/build/unit"

LISTS = [
    ListSample(
        "nhc_list.html",
        NhcGfxwjSpider,
        "https://www.nhc.gov.cn/fzs/c100048/new_list.shtml",
        24,
        34,
        NHC_TITLE,
        "https://www.nhc.gov.cn/fzs/c100048/202607/b774a0e2dc8f46b38eb21c01de26c35e.shtml",
        date(2026, 7, 29),
    ),
    ListSample(
        "nmpa_list.html",
        NmpaYlqxfgwjSpider,
        "https://www.nmpa.gov.cn/xxgk/fgwj/gzwj/gzwjyp/index.html",
        2,
        None,
        "关于中药品种保护审评相关工作调整有关事宜的通知（药审业〔2026〕250号）",
        "https://www.nmpa.gov.cn/xxgk/fgwj/gzwj/gzwjyp/20260625163342127.html",
        date(2026, 6, 25),
    ),
    ListSample(
        "govcn_search_api.json",
        GovcnZcwjkSpider,
        "https://sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary&p=1&n=5"
        "&timetype=timeqb&sort=score&sortType=1&searchfield=title&type=gwyzcwjk",
        4,
        None,
        "国务院办公厅关于发展体育赛事激发消费活力的意见",
        "https://www.gov.cn/zhengce/zhengceku/202609/content_7082493.htm",
        date(2026, 9, 30),
    ),
    ListSample(
        "govcn_json_feed.json",
        GovcnZcwjkSpider,
        "https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json",
        2,
        1,
        "人民日报评论员：为新中国取得的举世瞩目成就无比自豪——论学习贯彻习近平总书记在"
        "庆祝中华人民共和国成立77周年招待会上重要讲话",
        "https://www.gov.cn/yaowen/liebiao/202610/content_7082621.htm",
        date(2026, 10, 3),
    ),
    ListSample(
        "gkmlpt_api.json",
        GdGkmlptSpider,
        "https://www.zhaoqing.gov.cn/zqhjj/gkmlpt/api/all/21023?page=1&sid=758019",
        2,
        None,
        "金宸农牧科技（四会）有限公司四会富硒蛋鸡产业园项目受理公告",
        "https://www.zhaoqing.gov.cn/zqhjj/gkmlpt/content/3/3255/post_3255421.html",
        date(2026, 7, 7),
    ),
    ListSample(
        "zhejiang_jpaas_unit_api.json",
        source_spider("zhejiang_gfxwj"),
        f"{UNIT_API}?webId=3185&pageId=1229565788&parseType=bulidstatic&pageType=column",
        15,
        26,
        ZJ_TITLE,
        f"{ZJ}/col/col1229123351/art/2026/art_937add6719f140bdac86d5b97c525d28.html",
        date(2026, 6, 5),
    ),
    ListSample(
        "jiangsu_hanweb_list.html",
        source_spider("jiangsu_gfxwj"),
        "http://fzggw.jiangsu.gov.cn/col/col284/index.html",
        5,
        14,
        "江苏省成品油价格调整公告（2026年第16号）",
        "http://fzggw.jiangsu.gov.cn/art/2026/8/28/art_284_11821965.html",
        date(2026, 8, 28),
    ),
]

DETAILS = [
    DetailSample(
        "nhc_detail.html",
        NhcGfxwjSpider,
        "https://www.nhc.gov.cn/fzs/c100048/202607/b774a0e2dc8f46b38eb21c01de26c35e.shtml",
        NHC_TITLE,
        date(2026, 7, 29),
        "国卫通〔2026〕10号",
        "国家卫生健康委员会",
        4,
        "国卫通〔2026〕10号\n现发布《感染性腹泻诊断标准》",
        ("发布时间", "来源", "网站地图", "bm24000006"),
    ),
    DetailSample(
        "nmpa_detail.html",
        NmpaYlqxggtgSpider,
        "https://www.nmpa.gov.cn/xxgk/zhcjd/zhcjdhzhp/20260729120327100.html",
        "《国家药监局关于化妆品注册备案有关事项的公告》政策解读",
        date(2026, 7, 29),
        None,
        "国家药品监督管理局",
        0,
        "一、《关于化妆品注册备案有关事项的公告》（以下简称《公告》）制定的背景和目的是什么？",
        ("相关链接", "发布时间"),
    ),
    DetailSample(
        "govcn_zhengceku_detail.html",
        GovcnZcwjkSpider,
        "https://www.gov.cn/zhengce/zhengceku/202609/content_7082302.htm",
        "中国人民银行等八部门联合印发《关于金融支持服务业扩能提质的指导意见》",
        date(2026, 9, 28),
        None,
        "中国人民银行",
        0,
        "为贯彻落实党中央、国务院决策部署，促进服务业优质高效发展",
        ("发文机关", "成文日期", "首页"),
    ),
    DetailSample(
        "most_detail.html",
        MostGfxwjSpider,
        "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2026/202602/"
        "t20260228_195992.html",
        "科技部 金融监管总局 工业和信息化部 国家知识产权局印发《关于加快推动科技保险高质量发展"
        " 有力支撑高水平科技自立自强的若干意见》的通知",
        date(2026, 3, 2),
        None,
        "科技部",
        0,
        "各省、自治区、直辖市、计划单列市及新疆生产建设兵团科技厅（委、局）",
        ("相关文档", "相关附件", "索引号", "有效性"),
    ),
    DetailSample(
        "miit_zcjd_detail.html",
        MiitZcjdSpider,
        "https://www.miit.gov.cn/zwgk/zcjd/art/2026/art_ef24128ee7304a63b6777d7023631e94.html",
        "一图读懂强制性国家标准GB 44721—2026《智能网联汽车 自动驾驶系统安全要求》",
        date(2026, 8, 5),
        None,
        "装备工业一司",
        0,
        "",
        ("发布时间", "来源"),
    ),
    DetailSample(
        "zhejiang_detail.html",
        MiitZcjdSpider,
        f"{ZJ}/col/col1229123351/art/2026/art_937add6719f140bdac86d5b97c525d28.html",
        ZJ_TITLE,
        date(2026, 6, 5),
        "浙发改能源〔2026〕116号",
        "浙江省发改委",
        1,
        "各设区市、县（市、区）人民政府，省经信厅、省生态环境厅、省商务厅：",
        ("打印", "关闭", "浏览次数", "索引号"),
    ),
]


def _response(file: str, url: str, **meta: object) -> TextResponse:
    kind = TextResponse if file.endswith(".json") else HtmlResponse
    body = (REAL / file).read_bytes()
    return kind(url=url, body=body, encoding="utf-8", request=Request(url, meta=meta))


def _detail(sample: DetailSample) -> PolicyItem:
    row = ListingRow(url=sample.url, title="—")
    [item] = sample.spider().parse_detail(_response(sample.file, sample.url, **{LISTING: row}))
    return item


@pytest.mark.parametrize("sample", LISTS, ids=[sample.file for sample in LISTS])
def test_a_real_list_page_gives_its_rows(sample: ListSample) -> None:
    response = _response(sample.file, sample.url, page=0)
    spider = sample.spider()
    rows = list(spider.parse_rows(response))
    assert len(rows) == sample.rows
    assert len({row.url for row in rows}) == sample.rows
    assert (rows[0].title, rows[0].url) == (sample.first_title, sample.first_url)
    assert parse_date(rows[0].date) == sample.first_date
    assert all(row.title and parse_date(row.date) for row in rows)
    if sample.pages is not None:
        assert spider.page_total(response) == sample.pages


@pytest.mark.parametrize("sample", DETAILS, ids=[sample.file for sample in DETAILS])
def test_a_real_detail_page_gives_its_fields(sample: DetailSample) -> None:
    item = _detail(sample)
    assert item.title == sample.title
    assert item.published_at is not None and item.published_at.date() == sample.published
    assert item.wenhao == sample.wenhao
    assert sample.agency in (item.issuer, item.department), (item.issuer, item.department)
    assert len(item.attachments) == sample.attachments
    assert item.text.startswith(sample.body_starts)
    assert not [furniture for furniture in sample.not_in_body if furniture in item.text]


def test_nhc_pages_after_the_first_follow_the_department_list_name() -> None:
    spider = NhcGfxwjSpider()
    spider.list_url = "https://www.nhc.gov.cn/fzs/c100048/new_list.shtml"
    assert spider.page_url(1) == "https://www.nhc.gov.cn/fzs/c100048/new_list_2.shtml"


def test_nhc_attachments_keep_their_article_folder_and_encoded_names() -> None:
    [sample] = [sample for sample in DETAILS if sample.file == "nhc_detail.html"]
    first = _detail(sample).attachments[0]
    assert first.type == "pdf"
    assert first.url.endswith("/b774a0e2dc8f46b38eb21c01de26c35e/files/WS%20271%E2%80%942026.pdf")


def test_a_document_number_cited_in_the_text_is_not_the_pages_own() -> None:
    [sample] = [sample for sample in DETAILS if sample.file == "nmpa_detail.html"]
    item = _detail(sample)
    assert "国药监妆〔2025〕18号" in item.text
    assert item.wenhao is None


def test_visible_dates_beat_metas_and_metas_only_add_the_time() -> None:
    by_file = {sample.file: _detail(sample) for sample in DETAILS}
    miit = by_file["miit_zcjd_detail.html"].published_at
    most = by_file["most_detail.html"].published_at
    nmpa = by_file["nmpa_detail.html"].published_at
    assert miit is not None and (miit.day, miit.hour, miit.minute) == (5, 20, 40)
    assert most is not None and (most.month, most.day, most.hour) == (3, 2, 4)
    assert nmpa is not None and (nmpa.hour, nmpa.minute) == (12, 2)


def test_govcn_body_is_read_once_past_the_stray_closing_html() -> None:
    [sample] = [sample for sample in DETAILS if sample.file == "govcn_zhengceku_detail.html"]
    item = _detail(sample)
    assert item.text.count(sample.body_starts) == 1
    assert item.written_on == date(2026, 9, 25)


def test_govcn_rows_take_the_publication_time_never_ptime() -> None:
    [sample] = [sample for sample in LISTS if sample.file == "govcn_search_api.json"]
    rows = list(GovcnZcwjkSpider().parse_rows(_response(sample.file, sample.url)))
    [row] = [row for row in rows if row.url.endswith("content_7082302.htm")]
    assert parse_date(row.date) == date(2026, 9, 28)
    assert row.wenhao is None


def test_the_article_pages_own_unitbuild_script_is_not_a_list() -> None:
    html = (REAL / "miit_zcjd_detail.html").read_text(encoding="utf-8")
    assert unit_query(html) is None


def test_both_forms_of_querydata_are_read() -> None:
    pseudo = query_data(
        "{'webId':'3185','pageId':'1229565788','parseType':'bulidstatic',"
        "'pageType':'column','tagId': '信息列表', 'tplSetId': 'o0YcVHHq5vWtr3uiCp4SY'}"
    )
    escaped = query_data('{"parseType":"build","pageType":"article","tagId":"文章正文2"}')
    assert pseudo is not None and pseudo["tagId"] == "信息列表" and pseudo["pageType"] == "column"
    assert escaped == {"parseType": "build", "pageType": "article", "tagId": "文章正文2"}


def test_zhejiang_attachment_is_named_by_the_download_gateway() -> None:
    [sample] = [sample for sample in DETAILS if sample.file == "zhejiang_detail.html"]
    [attachment] = _detail(sample).attachments
    assert attachment.type == "wps"
    assert "/front/document/download?fileUrl=" in attachment.url


def test_gkmlpt_counts_pages_by_the_catalogs_post_count() -> None:
    [sample] = [sample for sample in LISTS if sample.file == "gkmlpt_api.json"]
    spider = GdGkmlptSpider()
    assert spider.page_total(_response(sample.file, sample.url)) == -(-203 // spider.page_size)
