"""BM25 over jieba tokens: exact ranking on a tiny corpus, filters, and the cache that
is brought up to date from Chroma when the store changes."""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25 import BM25Index, tokenize
from assistant.retrieval.bm25_cache import BM25Cache
from core.store_records import ChunkRecord
from tests.qa_helpers import bundled_index


def record(chunk_id: str, report: str, text: str, section: str = "",
           heading: bool = False) -> ChunkRecord:
    paragraph = chunk_id.rsplit("-", 1)[0]
    meta = {"section": section, "section_top": section.split(" > ")[0], "is_heading": heading}
    return ChunkRecord(chunk_id, paragraph, report, text, meta)


@pytest.fixture
def tiny() -> BM25Index:
    return BM25Index.build([
        record("r1-0001-0", "r1", "2017年我街主动公开政府信息14条。", "二、主动公开政府信息情况"),
        record("r1-0002-0", "r1", "信息公开未收取任何费用。", "四、政府信息公开收费情况"),
        record("r1-0003-0", "r1", "严格执行突发事件最迟5小时内发布权威信息的时限要求。"),
        record("r1-0003-1", "r1", "24小时内举行新闻发布会。"),
        record("r2-0001-0", "r2", "全年全区共受理行政复议案件5起。", "（七）举报、复议、诉讼情况"),
        record("r2-0002-0", "r2", "存在的问题", "四、存在的问题", heading=True),
    ])


def test_tokenize_drops_punctuation_and_question_words():
    tokens = tokenize("北沟街道2017年主动公开了多少条政府信息？")
    assert "多少" not in tokens and "？" not in tokens and "了" not in tokens
    assert {"北沟", "2017", "主动", "公开", "政府", "信息"} <= set(tokens)


def test_exact_top_hit(tiny):
    hits = tiny.search("突发事件的发布时限", k=3)
    assert hits[0].paragraph_id == "r1-0003"
    assert hits[0].chunk_id == "r1-0003-0"
    assert [h.paragraph_id for h in hits].count("r1-0003") == 1  # best chunk per paragraph


def test_section_path_counts_as_text(tiny):
    hits = tiny.search("收费情况", k=5)
    assert hits[0].paragraph_id == "r1-0002"


def test_filters_by_report_and_section(tiny):
    assert {h.report_id for h in tiny.search("信息", k=10, report_ids=["r2"])} <= {"r2"}
    assert tiny.search("费用", k=10, report_ids=["r2"]) == []
    section_hits = tiny.search("信息", k=10, section="主动公开")
    assert [h.paragraph_id for h in section_hits] == ["r1-0001"]


def test_headings_are_left_out_unless_asked(tiny):
    assert all(h.paragraph_id != "r2-0002" for h in tiny.search("存在的问题", k=10))
    assert tiny.search("存在的问题", k=10, headings=True)[0].paragraph_id == "r2-0002"


def test_no_hit_for_unknown_words(tiny):
    assert tiny.search("财政预算", k=5) == []
    assert tiny.search("", k=5) == []


@pytest.mark.slow
def test_cache_is_built_from_chroma_and_reused(tmp_path_factory, embedder, tmp_path):
    settings, store = bundled_index(tmp_path_factory, embedder)
    cache = BM25Cache(store, tmp_path / "bm25", recheck_s=0)
    index = cache.index()
    assert len(index) == store.chunks.count()
    path = cache.path_for(index)
    assert path.is_file()
    # A second process finds the file and does not need Chroma's chunks again.
    again = BM25Cache(store, tmp_path / "bm25", recheck_s=0)
    assert again._load_newest() is not None
    loaded = again.index()
    assert loaded.catalogue.chunk_ids == index.catalogue.chunk_ids
    assert again.last_update is None  # loaded, nothing read or rebuilt
    top = loaded.search("突发事件 新闻发布会", k=1)[0]
    assert "突发事件" in store.passages([top.paragraph_id])[0].text


def _one_report_then_another(embedder, tmp_path):
    """A store holding the first bundled report, the bundled files, and a function that
    indexes the second report into the same store."""
    from core.settings import Settings
    from index.pipeline import index_paths
    from tests.helpers_index import CORPUS, index_corpus

    files = sorted(CORPUS.glob("*.txt"))
    store = index_corpus(tmp_path / "index", embedder, files[:1])
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    return store, files, lambda: index_paths(files[1:2], store, settings)


@pytest.mark.slow
def test_cache_is_rebuilt_when_the_store_changes(embedder, tmp_path):
    store, _, add_second = _one_report_then_another(embedder, tmp_path)
    cache = BM25Cache(store, tmp_path / "bm25", recheck_s=0, save_after=1)
    first = cache.index()
    old_path = cache.path_for(first)
    add_second()
    second = cache.index()
    assert second is not first and len(second) > len(first)
    assert cache.last_update.kind == "incremental" and cache.last_update.added == 1
    assert not old_path.exists() and cache.path_for(second).is_file()


@pytest.mark.slow
def test_own_writes_are_seen_at_once_despite_the_recheck_interval(embedder, tmp_path):
    # The web app uploads a report and the user asks about it right away: the cache must
    # not wait out its recheck interval for writes made through the same store.
    store, files, add_second = _one_report_then_another(embedder, tmp_path)
    cache = BM25Cache(store, tmp_path / "bm25", recheck_s=3600)
    first = cache.index()
    add_second()
    second = cache.index()
    assert second is not first and len(second) > len(first)
    store.remove_report(store.report_by_source(files[1].name).id)
    assert len(cache.index()) == len(first)


def reference_search(index: BM25Index, query: str, k: int, report_ids, section: str = ""):
    """What a search within reports scores, added up over every slot of the corpus."""
    import numpy as np

    scores = np.zeros(index.catalogue.size, dtype=np.float32)
    for token in dict.fromkeys(tokenize(query)):
        posting = index.postings.get(token)
        if posting is not None and token in index.idf:
            scores[posting.slots] += index.idf[token] * posting.weight
    scores[~index.catalogue.mask(report_ids, section)] = 0.0
    scores[index.catalogue.headings] = 0.0
    positive = np.flatnonzero(scores > 0)
    order = positive[np.argsort(-scores[positive], kind="stable")]
    hits, seen = [], set()
    for slot in order:
        paragraph = index.catalogue.paragraph_ids[slot]
        if paragraph not in seen:
            seen.add(paragraph)
            hits.append((paragraph, float(scores[slot])))
    return hits[:k]


@pytest.mark.slow
def test_a_search_within_a_few_reports_ranks_as_one_over_every_slot(tmp_path_factory,
                                                                     embedder):
    from dataclasses import replace

    _, store = bundled_index(tmp_path_factory, embedder)
    # The bundled chunks ten times over, as 50 reports: one report is a small share of
    # the corpus, so a search within a few takes the cut-postings path.
    records = [replace(r, chunk_id=f"{copy}{r.chunk_id}", paragraph_id=f"{copy}{r.paragraph_id}",
                       report_id=f"{copy}{r.report_id}")
               for copy in "abcdefghij" for r in store.iter_chunks()]
    index = BM25Index.build(records)
    reports = sorted(index.catalogue.report_slots)
    assert len(reports) == 50
    queries = ["主动公开政府信息多少条", "行政复议", "存在的问题和改进措施", "依申请公开 收费",
               "政府信息公开 工作 机构 人员"]
    for query in queries:
        for chosen in ([reports[0]], reports[1:3], [reports[-1], reports[0]]):
            for section in ("", "主动公开"):
                got = [(h.paragraph_id, h.score)
                       for h in index.search(query, 10, report_ids=chosen, section=section)]
                assert got == reference_search(index, query, 10, chosen, section)


def test_the_idf_table_knows_its_median_weight(tiny):
    """What a word no report has weighs (answering.open_match): the median of the
    index's own idf values, kept by the table, and the same after an incremental change."""
    from assistant.retrieval.bm25 import IdfTable

    for index in (tiny, tiny.changed({}, ["r2"])):
        values = sorted(index.idf.values())
        assert isinstance(index.idf, IdfTable)
        assert index.idf.median == values[len(values) // 2]
    assert IdfTable().median == 1.0
