"""The hybrid retriever over the bundled corpus (real Chroma, real m3e-small)."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.retrieval.hybrid import HybridRetriever, document_passage
from tests.qa_helpers import bundled_index
from assistant.question.request import question_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def retriever(tmp_path_factory, embedder) -> HybridRetriever:
    settings, store = bundled_index(tmp_path_factory, embedder)
    return HybridRetriever.from_settings(settings, store)


def test_is_a_langchain_retriever_returning_passage_documents(retriever):
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("北沟街道对突发事件信息发布有什么时限要求？")
    assert docs and all(isinstance(d, Document) for d in docs)
    assert len(docs) <= retriever.top_k
    top = document_passage(docs[0])
    assert top.office_short == "北沟街道" and top.source == "000_16c7a534f4d23119.txt"
    assert docs[0].page_content == top.text
    assert any("突发事件最迟5小时内发布权威信息" in d.page_content for d in docs)
    assert set(top.ranks) <= {"dense", "bm25"} and top.score > 0


def test_filters_by_the_office_named(retriever):
    for doc in retriever.invoke("果园街道存在哪些问题？"):
        assert doc.metadata["office_short"] == "果园街道"


def test_simplified_question_over_traditional_report(retriever):
    docs = retriever.invoke("长安街道存在什么问题？")
    assert docs[0].metadata["office_short"] == "长安街道"
    assert "存在问题" in docs[0].metadata["section"]


def test_headings_are_not_returned(retriever):
    view = retriever.view()
    question = question_for("新碶街道2013年打算怎么改进信息公开？", view)
    passages = retriever.retrieve(question, k=20)
    assert passages
    for passage in passages:
        assert passage.text.strip() != passage.section.split(" > ")[-1]
    # The year is a hard filter: no 2014 report of 新碶街道 is indexed, so nothing is.
    later = question_for("新碶街道2014年打算怎么改进信息公开？", view)
    assert view.report_ids(later.offices, later.years) == []
    assert retriever.retrieve(later, k=20) == []


def test_year_filter_keeps_reports_of_that_year_only(retriever):
    question = question_for("2018年报告里行政复议的情况", retriever.view())
    years = {p.year for p in retriever.retrieve(question, k=10)}
    assert years == {2018}


def test_no_office_searches_everything(retriever):
    question = question_for("哪里提到了一网通办", retriever.view())
    passages = retriever.retrieve(question, k=5)
    assert any("一网通办" in p.text for p in passages)


def test_section_named_in_the_question_restricts_the_search(retriever):
    question = question_for("主动公开政府信息情况里写了多少条", retriever.view())
    assert question.section == "主动公开政府信息情况"
    for passage in retriever.retrieve(question, k=10):
        assert "主动公开政府信息情况" in passage.section


@pytest.mark.parametrize("query, office", [("存在哪些问题", "果园街道"), ("突发事件时限要求", "北沟街道"),
                                           ("一网通办", "银州区")])
def test_exact_dense_search_agrees_with_chroma(retriever, query, office):
    """Over one report the similarity is computed here, exactly; Chroma's filtered
    query must rank the same paragraphs first."""
    view = retriever.view()
    report_ids = [r.id for r in view.reports if r.office.short == office]
    keep = {r.id for r in view.reports}
    exact = retriever.dense.search(view.catalogue, query, 5, report_ids)
    chroma = retriever.store.dense_search(query, 5, where={"$and": [
        {"report_id": {"$in": report_ids}}, {"is_heading": False}]})
    assert [p.paragraph_id for p in exact] == [p.paragraph_id for p in chroma]
    assert [p.score for p in exact] == pytest.approx([p.score for p in chroma], abs=1e-4)
    unfiltered = retriever.dense.search(view.catalogue, query, 5)
    assert unfiltered and all(p.report_id in keep for p in unfiltered)


def test_paragraphs_come_from_the_cache_without_chroma(retriever):
    view = retriever.view()
    report = next(r for r in view.reports if r.office.short == "北沟街道")
    cached = view.report_paragraphs(report.id)
    stored = retriever.store.report_paragraphs(report.id)
    assert [p.paragraph_id for p in cached] == [p.paragraph_id for p in stored]
    assert [p.text for p in cached] == [p.text for p in stored]
    assert view.passages([stored[3].paragraph_id, "nope"]) == [stored[3]]
