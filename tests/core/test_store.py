"""The store on a real embedded Chroma: completeness marker, orphans, model guard."""

from __future__ import annotations

import pytest

from core.embedding import EMBEDDING_FUNCTION_NAME, SentenceTransformerEmbedder
from core.errors import EmbeddingMismatchError
from core.models import Chunk, Figure, Office, Paragraph, Report
from core.store import ReportRecords, Store


def _report(rid: str, source: str, year: int | None = 2017) -> Report:
    return Report(id=rid, source=source, title=f"{source} 年报", office=Office(
        "四平市铁西区北沟街道办事处", "北沟街道", ("四平市", "铁西区", "北沟街道")),
        year=year, published=None, format="pre2019", text="正文", normalised="正文",
        content_hash=f"hash-{rid}", warnings=("w1",))


def _parts(rid: str):
    paragraphs = [Paragraph(id=f"{rid}-0000", report_id=rid, ordinal=0, section="",
                            text="2017年，我街主动公开政府信息14条。",
                            normalised="2017年,我街主动公开政府信息14条。")]
    chunks = [Chunk(id=f"{rid}-0000-0", paragraph_id=f"{rid}-0000", index=0,
                    text=paragraphs[0].normalised)]
    figures = [Figure(metric="active.total", value=14, unit="条", qualifier="exact",
                      period="2017", scope="annual", paragraph_id=f"{rid}-0000", span=(5, 17),
                      quote="我街主动公开政府信息14条", report_id=rid,
                      office="四平市铁西区北沟街道办事处", year=2017)]
    return paragraphs, chunks, [[1.0, 0.0, 0.0]], figures


@pytest.fixture
def store(settings) -> Store:
    # The model is never loaded here: vectors are given, and the embedder is lazy.
    return Store.open(settings, SentenceTransformerEmbedder())


def test_chunks_collection_names_our_embedding_function(store):
    config = store.chunks.configuration_json["embedding_function"]
    assert config["name"] == EMBEDDING_FUNCTION_NAME
    assert store.chunks.metadata["embedding_model"] == "m3e-small"


def test_write_then_read_report_paragraphs_and_figures(store):
    paragraphs, chunks, vectors, figures = _parts("r1")
    store.write_report(_report("r1", "a.txt"), paragraphs, chunks, vectors, figures)
    [listed] = store.reports()
    assert (listed.source, listed.office.short, listed.year) == ("a.txt", "北沟街道", 2017)
    assert listed.office.region == ("四平市", "铁西区", "北沟街道")
    assert (listed.paragraph_count, listed.figure_count, listed.warnings) == (1, 1, ("w1",))
    [passage] = store.passages(["r1-0000"])
    assert passage.text == "2017年，我街主动公开政府信息14条。"
    [figure] = store.figures(office="北沟街道", year=2017, metric="active")
    assert figure == figures[0]
    assert store.figures(office="果园街道") == []


def test_report_without_record_is_invisible_and_swept(store):
    paragraphs, chunks, vectors, figures = _parts("r2")
    store.write_report(_report("r2", "b.txt"), paragraphs, chunks, vectors, figures)
    # An interrupted run: the report record (written last) never arrived.
    store.reports_col.delete(ids=["r2"])
    assert store.reports() == []
    assert store.passages(["r2-0000"]) == []
    assert store.figures() == []
    assert list(store.iter_chunks()) == []
    assert store.sweep() >= 1
    assert store.chunks.count() == 0 and store.figures_col.count() == 0


def test_replaced_source_shows_only_the_newest(store):
    for rid in ("old", "new"):
        paragraphs, chunks, vectors, figures = _parts(rid)
        store.write_report(_report(rid, "same.txt"), paragraphs, chunks, vectors, figures)
    assert [r.id for r in store.reports()] == ["new"]
    store.sweep()
    assert {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]} == {"new"}


def test_remove_report_removes_everything(store):
    paragraphs, chunks, vectors, figures = _parts("r3")
    store.write_report(_report("r3", "c.txt"), paragraphs, chunks, vectors, figures)
    store.remove_report("r3")
    assert store.reports() == [] and store.chunks.count() == 0 and store.figures_col.count() == 0


def test_opening_with_another_model_is_a_clear_error(settings, store):
    paragraphs, chunks, vectors, figures = _parts("r4")
    store.write_report(_report("r4", "d.txt"), paragraphs, chunks, vectors, figures)
    with pytest.raises(EmbeddingMismatchError, match="m3e-small"):
        Store.open(settings, SentenceTransformerEmbedder(model="BAAI/bge-small-zh-v1.5"))


def test_stamp_changes_when_reports_change(store):
    before = store.stamp()
    paragraphs, chunks, vectors, figures = _parts("r5")
    store.write_report(_report("r5", "e.txt"), paragraphs, chunks, vectors, figures)
    assert store.stamp() != before


class _CountingCalls:
    """Wraps a Chroma collection, counting (or failing) its upsert calls."""

    def __init__(self, inner, fail: bool = False):
        self.inner, self.fail, self.upserts = inner, fail, 0

    def upsert(self, **kwargs):
        self.upserts += 1
        if self.fail:
            raise OSError("disk full")
        return self.inner.upsert(**kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _records(*ids: str) -> list[ReportRecords]:
    records = []
    for rid in ids:
        paragraphs, chunks, vectors, figures = _parts(rid)
        records.append(ReportRecords(_report(rid, f"{rid}.txt"), tuple(paragraphs),
                                     tuple(chunks), vectors, tuple(figures)))
    return records


def test_several_reports_are_written_in_one_call_per_collection(store):
    store.chunks = _CountingCalls(store.chunks)
    store.figures_col = _CountingCalls(store.figures_col)
    store.reports_col = _CountingCalls(store.reports_col)
    store.write_reports(_records("m1", "m2", "m3"))
    assert (store.chunks.upserts, store.figures_col.upserts, store.reports_col.upserts) == (1, 1, 1)
    assert [r.id for r in store.reports()] == ["m1", "m2", "m3"]
    assert [p.report_id for p in store.passages(["m1-0000", "m2-0000", "m3-0000"])] == [
        "m1", "m2", "m3"]
    assert {f.report_id for f in store.figures(metric="active.total")} == {"m1", "m2", "m3"}


def test_writes_larger_than_a_batch_are_split(store):
    store.write_batch = 2
    store.chunks = _CountingCalls(store.chunks)
    store.write_reports(_records("s1", "s2", "s3", "s4", "s5"))
    assert store.chunks.upserts == 3
    assert len(store.reports()) == 5 and store.chunks.count() == 5


def test_a_write_failing_midway_leaves_nothing_visible_and_is_swept(store):
    store.write_reports(_records("kept"))
    store.figures_col = _CountingCalls(store.figures_col, fail=True)
    with pytest.raises(OSError):
        store.write_reports(_records("h1", "h2"))  # chunks written, figures and records not
    store.figures_col = store.figures_col.inner
    assert [r.id for r in store.reports()] == ["kept"]
    assert store.passages(["h1-0000", "h2-0000"]) == []
    assert store.sweep() == 2
    assert {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]} == {
        "kept"}
    assert store.sweep() == 0
    assert [p.report_id for p in store.passages(["kept-0000"])] == ["kept"]


def test_remove_reports_removes_only_those(store):
    store.write_reports(_records("x1", "x2", "x3"))
    store.remove_reports(["x1", "x3"])
    assert [r.id for r in store.reports()] == ["x2"]
    assert store.chunks.count() == 1 and store.figures_col.count() == 1
