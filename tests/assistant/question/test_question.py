"""Question understanding against a list of reports built here: offices by full name,
short name, core and loose place references; years; metrics through the vocabulary;
kinds and comparison modes."""

from __future__ import annotations

import pytest

from core.models import IndexedReport, Office
from assistant.question.offices import OfficeDirectory, places_in_text
from assistant.question.understand import find_years, normalise_question, understand
from assistant.question.metrics import asked_unit, metric_segments


def report(i: int, name: str, short: str, region: tuple[str, ...], year: int) -> IndexedReport:
    return IndexedReport(id=f"r{i}", source=f"{i:03d}.txt", title=f"{name}{year}年报告",
                         office=Office(name, short, region), year=year, published=None,
                         format="pre2019", content_hash=f"h{i}", paragraph_count=10,
                         figure_count=5)


BEIGOU = Office("四平市铁西区北沟街道办事处", "北沟街道", ("四平市", "铁西区", "北沟街道"))
XINQI = Office("新碶街道办事处", "新碶街道", ())
CHANGAN = Office("臨湘市人民政府長安街道辦事處", "長安街道", ("臨湘市", "長安街道"))
CHANGAN_XA = Office("西安市雁塔区长安街道办事处", "长安街道", ("西安市", "雁塔区", "长安街道"))
YINZHOU = Office("银州区", "银州区", ("铁岭市", "银州区"))
TIELING = Office("铁岭市人民政府", "铁岭市", ("辽宁省", "铁岭市"))
FINANCE = Office("铁岭市财政局", "财政局", ("铁岭市",))

REPORTS = [
    report(0, BEIGOU.name, BEIGOU.short, BEIGOU.region, 2017),
    report(1, XINQI.name, XINQI.short, XINQI.region, 2013),
    report(2, CHANGAN.name, CHANGAN.short, CHANGAN.region, 2018),
    report(3, YINZHOU.name, YINZHOU.short, YINZHOU.region, 2018),
    report(4, YINZHOU.name, YINZHOU.short, YINZHOU.region, 2017),
]
# Places the reports' text names (what places_in_text finds): 新碶 lies in 宁波市北仑区.
PLACES = {"r1": ["宁波市", "北仑区"], "r3": ["铁岭市"]}


@pytest.fixture(scope="module")
def directory() -> OfficeDirectory:
    return OfficeDirectory.build(REPORTS, PLACES)


def ask(text: str, directory: OfficeDirectory, reports=REPORTS):
    return understand(text, reports, directory)


def test_full_short_and_core_names(directory):
    assert ask("四平市铁西区北沟街道办事处收费了吗", directory).offices == (BEIGOU,)
    assert ask("北沟街道2017年主动公开了多少条政府信息？", directory).offices == (BEIGOU,)
    assert ask("北沟那个街道公开了几条", directory).offices == (BEIGOU,)
    assert ask("银州区受理了多少起行政复议", directory).offices == (YINZHOU,)


def test_simplified_question_finds_traditional_office(directory):
    q = ask("长安街道的整改措施有哪些？", directory)
    assert q.offices == (CHANGAN,) and q.office_phrases == ("长安街道",)
    assert ask("長安街道有幾起行政訴訟", directory).offices == (CHANGAN,)


def test_loose_references_through_region_chains_and_report_text(directory):
    assert ask("四平那个街道有啥问题", directory).offices == (BEIGOU,)
    assert ask("临湘那个街道的整改措施", directory).offices == (CHANGAN,)
    assert ask("北仑那个街道2013年主动公开了多少条？", directory).offices == (XINQI,)
    without_text = OfficeDirectory.build(REPORTS)  # no report text: 北仑 is unknown
    assert ask("北仑那个街道2013年主动公开了多少条？", without_text).offices == ()


def test_several_offices_share_a_name(directory):
    reports = REPORTS + [report(9, CHANGAN_XA.name, CHANGAN_XA.short, CHANGAN_XA.region, 2019)]
    both = OfficeDirectory.build(reports, PLACES)
    q = understand("长安街道主动公开了多少条信息？", reports, both)
    assert set(q.offices) == {CHANGAN, CHANGAN_XA} and q.ambiguous
    assert q.kind == "figure"  # answered for each, not a comparison
    narrowed = understand("临湘市长安街道主动公开了多少条信息？", reports, both)
    assert narrowed.offices == (CHANGAN,) and not narrowed.ambiguous


def test_department_core_does_not_match_topic_words(directory):
    reports = REPORTS + [report(8, FINANCE.name, FINANCE.short, FINANCE.region, 2018)]
    with_department = OfficeDirectory.build(reports, PLACES)
    q = understand("银州区财政资金信息新增了多少条目？", reports, with_department)
    assert q.offices == (YINZHOU,)
    assert understand("财政局2018年收到多少申请", reports, with_department).offices == (FINANCE,)


def test_unknown_office_is_absent(directory):
    q = ask("上海市黄浦区2020年主动公开了多少条信息？", directory)
    assert q.kind == "absent" and q.offices == ()
    assert q.unknown_office.startswith("上海市")
    q = ask("朝阳区望京街道2019年收到多少申请", directory)
    assert q.kind == "absent" and q.unknown_office


def test_place_qualifying_a_known_office_is_not_unknown(directory):
    q = ask("北京市密云区北沟街道公开了多少条", directory)
    assert q.offices == (BEIGOU,) and q.unknown_office == "" and q.kind == "figure"


def test_years():
    assert find_years("2013到2017年累计公开了多少条") == (2013, 2017)
    assert find_years("2013-2017年") == (2013, 2017)
    assert find_years("二〇一七年主动公开") == ()  # before normalise_question
    assert find_years(normalise_question("二〇一七年主动公开")) == (2017,)
    assert find_years("主动公开了589条") == ()


@pytest.mark.parametrize("text, metrics", [
    ("北沟街道2017年主动公开了多少条政府信息？", ("active.total",)),
    ("北沟街道2017年因政府信息公开被申请行政复议或提起诉讼几次？",
     ("review.total", "litigation.total")),
    ("银州区的行政诉讼案件有多少件，胜诉几件？", ("litigation.total", "litigation.won")),
    ("长安街道工作信息占主动公开总量的百分比是多少？", ("active.category_share",)),
    ("新碶街道在多少个村和社区设了查阅点？", ("channel.reading_points",)),
    ("北沟街道信息公开收了多少费用？", ("fee.amount",)),
    ("北沟街道公开信息收钱了吗？", ("fee.amount",)),  # everyday words
    ("银州区的行政复议有几件维持了原决定？", ("review.upheld",)),  # the outcome, not the total
    ("新碶街道收到几份政府信息公开申请？", ("application.received",)),
    ("宁波新碶街道有没有人申请政府信息公开？", ("application.received",)),  # words apart
])
def test_metrics_through_the_vocabulary(directory, text, metrics):
    assert ask(text, directory).metrics == metrics


def test_each_part_keeps_its_alternatives():
    segments = metric_segments("银州区全年主动公开的政府信息条目有多少？")
    assert len(segments) == 1 and set(segments[0]) >= {"active.total", "active.category"}


def test_asked_unit():
    assert asked_unit("「政策文件」信息有几条") == "条"
    assert asked_unit("惠农补贴信息占了百分之几") == "%"
    assert asked_unit("受理了多少起行政复议") == "起"
    assert asked_unit("存在哪些问题") == ""


@pytest.mark.parametrize("text, kind, mode", [
    ("北沟街道2017年主动公开了多少条政府信息？", "figure", ""),
    ("北沟街道收费了吗", "figure", ""),
    ("北沟街道的信息公开工作存在哪些问题？", "passage", ""),
    ("果园街道通过哪些渠道公开信息？", "passage", ""),
    ("北沟街道对突发事件信息发布有什么时限要求？", "passage", ""),
    ("比较新碶街道和长安街道主动公开的数量", "comparison", "versus"),
    ("2017年北沟街道和银州区，哪个公开的信息更多？", "comparison", "versus"),
    ("这几个单位里，哪个主动公开的政府信息最多？", "comparison", "ranking"),
    ("哪些单位发生过行政复议或行政诉讼？", "comparison", "any"),
    ("各单位收到的政府信息公开申请数量分别是多少？", "comparison", "each"),
    ("各单位主动公开的信息合计多少条？", "comparison", "total"),
    ("银州区2017年和2018年行政复议分别是多少？", "comparison", "trend"),
    ("库里收录了哪些报告？", "listing", ""),
])
def test_kinds_and_modes(directory, text, kind, mode):
    q = ask(text, directory)
    assert (q.kind, q.mode) == (kind, mode)


def test_rankings_within_a_region_or_a_level(directory):
    reports = REPORTS + [report(7, TIELING.name, TIELING.short, TIELING.region, 2018)]
    with_city = OfficeDirectory.build(reports, PLACES)
    q = understand("铁岭市的各单位行政复议多少？", reports, with_city)
    assert q.kind == "comparison" and q.region == "铁岭市" and q.offices == (YINZHOU,)
    q = ask("各街道主动公开的数量排名", directory)
    assert q.mode == "ranking" and set(q.offices) == {BEIGOU, XINQI, CHANGAN}


def test_label_scope_and_section(directory):
    q = ask("新碶街道2013年公开的政策法规类信息有几条？", directory)
    assert q.label == "政策法规"
    assert ask("长安街道“通知公告”信息有几条", directory).label == "通知公告"
    assert ask("北沟街道2013到2017年累计公开了多少条", directory).scope == "cumulative"
    assert ask("长安街道全年主动公开政府信息多少条？", directory).scope == "annual"
    assert ask("北沟街道在主动公开政府信息情况部分写了什么", directory).section == "主动公开政府信息情况"


def test_places_in_text_needs_repetition_and_real_names():
    texts = ["按照宁波市北仑区的要求，宁波市北仑区政府信息公开规定", "在15个社区和各社区设立查阅点"]
    assert places_in_text(texts) == ["宁波市", "北仑区"]
