"""Reading a policy's links to others from its title and text."""

from __future__ import annotations

from storage.policy_links import cited_wenhao, read_links


def _links(title: str, text: str, own: str | None = None) -> set[tuple[str, str]]:
    return {(link.kind, link.target) for link in read_links(title, text, own)}


def test_a_cited_wenhao_loses_the_words_before_it() -> None:
    assert cited_wenhao("根据国办发〔2021〕12号和同时废止国药监械〔2019〕8号") == [
        "国办发〔2021〕12号",
        "国药监械〔2019〕8号",
    ]


def test_a_consultation_draft_names_the_policy_it_will_become() -> None:
    title = "关于公开征求《医疗器械分类目录（征求意见稿）》意见的通知"
    assert _links(title, "现向社会公开征求意见。") == {("draft_of", "title:医疗器械分类目录")}


def test_a_reading_names_the_policy_by_its_wenhao_else_by_its_name() -> None:
    text = "近日，国家药监局印发了《医疗器械注册管理办法》（国药监械注〔2021〕26号）。"
    assert _links("《医疗器械注册管理办法》解读", text) == {
        ("interprets", "wenhao:国药监械注〔2021〕26号")
    }
    assert _links("《医疗器械注册管理办法》政策解读", "现解读如下。") == {
        ("interprets", "title:医疗器械注册管理办法")
    }


def test_an_implementation_plan_names_the_national_policy_it_implements() -> None:
    text = (
        "为贯彻落实《国务院办公厅关于全面加强药品监管能力建设的实施意见》"
        "（国办发〔2021〕16号），制定本方案。"
    )
    assert _links("湖北省医疗器械监管能力提升实施方案", text, "鄂政办发〔2021〕30号") == {
        ("implements", "wenhao:国办发〔2021〕16号")
    }


def test_repeals_come_from_sentences_that_say_so_not_from_other_citations() -> None:
    text = (
        "根据《医疗器械监督管理条例》（国务院令第739号），制定本公告。"
        "本公告自发布之日起施行，原国药监械〔2019〕8号公告同时废止。"
        "《医疗器械临床试验规定》自即日起失效。"
    )
    assert _links("关于发布医疗器械临床评价技术指导原则的公告", text, "国药监械〔2021〕73号") == {
        ("repeals", "wenhao:国药监械〔2019〕8号"),
        ("repeals", "title:医疗器械临床试验规定"),
    }
