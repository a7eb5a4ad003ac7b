"""The BM25 index and catalogue kept current for the reports that changed, against a
full rebuild over the same chunks.

What is exact (df, idf, the live chunks, the catalogue) is compared exactly; the length
normalisation, computed with the average chunk length of when the weights were made
(bm25.py), is compared within the tolerance documented there and in docs/BENCHMARKS.md.
"""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25 import AVGDL_DRIFT, BM25Index
from assistant.retrieval.catalogue import group_by_report
from core.store_records import ChunkRecord

# Scores may differ by the length normalisation's drift: weight = tf(k1+1)/(tf+norm),
# norm linear in 1/avgdl, so a relative avgdl change of d moves a score by < d.
SCORE_TOLERANCE = AVGDL_DRIFT


def record(report: str, n: int, text: str, section: str = "", heading: bool = False,
           chunk: int = 0) -> ChunkRecord:
    paragraph = f"{report}-{n:04d}"
    meta = {"section": section, "section_top": section.split(" > ")[0],
            "is_heading": heading, "paragraph_id": paragraph, "report_id": report,
            "ordinal": n, "paragraph_text": text, "source": f"{report}.txt"}
    return ChunkRecord(f"{paragraph}-{chunk}", paragraph, report, text, meta)


REPORTS = {
    "r1": [record("r1", 1, "2017年我街主动公开政府信息14条。", "二、主动公开政府信息情况"),
           record("r1", 2, "信息公开未收取任何费用。", "四、政府信息公开收费情况"),
           record("r1", 3, "严格执行突发事件最迟5小时内发布权威信息的时限要求。"),
           record("r1", 3, "24小时内举行新闻发布会。", chunk=1)],
    "r2": [record("r2", 1, "全年全区共受理行政复议案件5起，行政诉讼案件2起。", "（七）举报、复议、诉讼情况"),
           record("r2", 2, "存在的问题", "四、存在的问题", heading=True),
           record("r2", 3, "政府信息公开工作人员业务水平有待提高，培训不够。", "四、存在的问题")],
    "r3": [record("r3", 1, "本年度共收到政府信息公开申请36件，其中当面申请20件。",
                  "三、依申请公开政府信息情况"),
           record("r3", 2, "依申请公开的答复均在法定时限内完成，未收取费用。")],
    "r4": [record("r4", 1, "主动公开政府信息2300余条，其中通过政府网站公开1800条，"
                  "通过政务微博公开300条，通过政务微信公开200条。", "二、主动公开政府信息情况"),
           record("r4", 2, "行政复议0件。")],
}
QUERIES = ["政府信息 主动公开", "行政复议", "收取费用", "依申请公开 答复 时限", "存在的问题 培训",
           "突发事件 新闻发布会", "政务微博", "当面申请"]


def all_records(ids=REPORTS) -> list[ChunkRecord]:
    return [r for rid in ids for r in REPORTS[rid]]


def one_by_one(ids) -> BM25Index:
    index = BM25Index.build([])
    for rid in ids:
        index = index.changed({rid: REPORTS[rid]}, ())
    return index


def assert_same_ranking(incremental: BM25Index, full: BM25Index, tolerance: float) -> None:
    for query in QUERIES:
        got = incremental.search(query, k=10)
        want = full.search(query, k=10)
        assert {h.paragraph_id for h in got} == {h.paragraph_id for h in want}, query
        scores = {h.paragraph_id: h.score for h in want}
        for hit in got:
            assert hit.score == pytest.approx(scores[hit.paragraph_id], rel=tolerance), query


def test_added_one_by_one_equals_a_full_build():
    full = BM25Index.build(all_records())
    incremental = one_by_one(REPORTS)
    assert incremental.df == full.df
    assert incremental.idf == pytest.approx(full.idf, rel=1e-12)  # idf is exact
    assert len(incremental) == len(full) == sum(len(v) for v in REPORTS.values())
    assert incremental.catalogue.paragraph_meta == full.catalogue.paragraph_meta
    assert incremental.catalogue.report_paragraph_ids == full.catalogue.report_paragraph_ids
    assert_same_ranking(incremental, full, SCORE_TOLERANCE)


def test_removed_report_is_gone_and_the_rest_equals_a_build_without_it():
    index = one_by_one(REPORTS).changed({}, ["r2"])
    without = BM25Index.build(all_records(["r1", "r3", "r4"]))
    assert index.df == {t: c for t, c in without.df.items()} | {
        t: 0 for t in set(index.df) - set(without.df)}
    assert index.idf == pytest.approx(without.idf, rel=1e-12)
    assert index.search("行政复议 诉讼", k=10, report_ids=["r2"]) == []
    assert all(h.report_id != "r2" for h in index.search("行政复议 培训", k=10))
    assert index.catalogue.report_passages("r2") == []
    assert "r2" not in index.catalogue.report_slots
    assert_same_ranking(index, without, SCORE_TOLERANCE)


def test_a_report_added_again_replaces_its_old_records():
    changed = [record("r3", 1, "本年度共收到政府信息公开申请12件。", "三、依申请公开政府信息情况")]
    index = one_by_one(REPORTS).changed({"r3": changed}, ())
    assert [p.text for p in index.catalogue.report_passages("r3")] == [changed[0].text]
    assert index.search("当面", k=5) == []  # the old text is gone
    rebuilt = BM25Index.build(all_records(["r1", "r2", "r4"]) + changed)
    assert index.df == {t: c for t, c in rebuilt.df.items()} | {
        t: 0 for t in set(index.df) - set(rebuilt.df)}


def test_reweighed_index_scores_exactly_as_a_full_build():
    index = one_by_one(REPORTS).changed({}, ["r1"]).reweighed()
    full = BM25Index.build(all_records(["r2", "r3", "r4"]))
    assert index.catalogue.dead == 0 and len(index) == len(full)
    assert index.avgdl == pytest.approx(full.avgdl)
    assert_same_ranking(index, full, 1e-6)


def test_many_removals_compact_the_slots():
    index = one_by_one(REPORTS).changed({}, ["r1", "r2"])  # over DEAD_SHARE of the slots
    assert index.catalogue.dead == 0
    assert len(index.catalogue.chunk_ids) == len(all_records(["r3", "r4"]))
    assert index.search("政务微博", k=1)[0].paragraph_id == "r4-0001"


def test_catalogue_masks_reports_sections_and_dead_slots():
    index = one_by_one(REPORTS).changed({}, ["r4"])
    catalogue = index.catalogue
    assert catalogue.mask(["r4"]).sum() == 0
    assert catalogue.mask(["r2"]).sum() == len(REPORTS["r2"])
    assert catalogue.mask(None, "存在的问题").sum() == 2
    assert catalogue.mask(None).sum() == len(catalogue)


def test_grouping_makes_every_report_one_range_of_slots():
    shuffled = [REPORTS["r2"][0], REPORTS["r1"][0], REPORTS["r2"][1], REPORTS["r1"][1]]
    catalogue = BM25Index.build(shuffled).catalogue
    for rid, (start, end) in catalogue.report_slots.items():
        assert {catalogue.report_of(i) for i in range(start, end)} == {rid}
    assert list(group_by_report(shuffled)) == ["r1", "r2"]
