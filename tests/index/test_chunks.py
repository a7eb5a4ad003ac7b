from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ConfigError
from core.models import Block, Table
from index.chunks import PREFIX_SEPARATOR, make_chunks, sentences, split_text
from index.paragraphs import split_paragraphs
from tests.index.test_paragraphs import corpus_paragraphs


def _pieces(chunks):
    return [c.text.split(PREFIX_SEPARATOR, 1)[-1] for c in chunks]


def test_short_paragraph_one_chunk_with_heading_prefix():
    paragraphs = corpus_paragraphs("000")
    item = next(p for p in paragraphs if p.normalised.startswith("一是进一步规范政务公开"))
    (chunk,) = make_chunks([item], chunk_chars=400, overlap=60)
    assert chunk.id == f"{item.id}-0" and chunk.paragraph_id == item.id and chunk.index == 0
    assert chunk.text == "七、存在的主要问题和2018年重点工作安排 | " + item.normalised


def test_prefix_is_the_nearest_heading_and_a_heading_gets_its_parent():
    paragraphs = corpus_paragraphs("001")
    by_start = {p.normalised[:8]: p for p in paragraphs}
    body = make_chunks([by_start["街道层面，建立政"]], 400, 60)[0]
    assert body.text.startswith("（一）健全组织机构，形成工作合力 | 街道层面")
    heading = make_chunks([by_start["（一）健全组织机"]], 400, 60)[0]
    assert heading.text == "一、加强组织领导，不断完善政府信息公开机制 | （一）健全组织机构，形成工作合力。"
    top = make_chunks([by_start["一、加强组织领导"]], 400, 60)[0]
    assert top.text == "一、加强组织领导，不断完善政府信息公开机制"
    title = make_chunks([paragraphs[0]], 400, 60)[0]
    assert title.text == "新碶街道2013年度政府信息公开工作年度报告"


def test_long_paragraph_split_at_sentence_ends_with_overlap():
    paragraphs = corpus_paragraphs("000")
    long = next(p for p in paragraphs if p.normalised.startswith("2017年，按照《四平市人民政府办公室"))
    chunks = make_chunks([long], chunk_chars=200, overlap=40)
    pieces = _pieces(chunks)
    assert len(chunks) == 7
    assert [c.id for c in chunks] == [f"{long.id}-{i}" for i in range(7)]
    assert all(len(piece) <= 200 for piece in pieces)
    assert all(piece.endswith("。") for piece in pieces)
    assert pieces[0] == long.normalised[: len(pieces[0])]
    for before, after in zip(pieces, pieces[1:]):
        shared = next(n for n in range(40, 0, -1) if before.endswith(after[:n]))
        assert 0 < shared <= 40
    # every sentence is whole in some piece
    for sentence in sentences(long.normalised):
        assert any(sentence in piece for piece in pieces)


def test_sentence_longer_than_a_piece_cut_at_commas():
    text = "，".join(["甲乙丙丁戊己庚辛"] * 20) + "。"
    (p,) = split_paragraphs("r", [Block(text)])
    pieces = _pieces(make_chunks([p], chunk_chars=50, overlap=10))
    assert all(len(piece) <= 50 for piece in pieces)
    assert all(piece.endswith(("，", "。")) for piece in pieces)
    assert "".join(pieces).replace("，", "").count("甲") >= 20


def test_table_one_chunk_or_split_by_rows_repeating_header():
    table = Table(rows=(("项目", "数量"),) + tuple((f"第{i}项信息", str(i)) for i in range(30)))
    blocks = [Block("二、主动公开政府信息情况"), Block(table.to_markdown(), table=table)]
    p = split_paragraphs("t", blocks)[1]
    (whole,) = make_chunks([p], chunk_chars=5000, overlap=60)
    assert whole.text == "二、主动公开政府信息情况 | " + p.normalised
    parts = _pieces(make_chunks([p], chunk_chars=120, overlap=60))
    assert len(parts) > 1
    header = "\n".join(p.normalised.split("\n")[:2])
    assert all(part.startswith(header + "\n") for part in parts)
    rows = [line for part in parts for line in part.split("\n")[2:]]
    assert rows == p.normalised.split("\n")[2:]
    assert all(len(part) <= 120 for part in parts)


@pytest.mark.parametrize("size, overlap", [(0, 0), (100, 100), (100, -1)])
def test_bad_sizes_rejected(size, overlap):
    with pytest.raises(ConfigError):
        make_chunks([], chunk_chars=size, overlap=overlap)


def test_whole_corpus_chunks_cover_every_paragraph():
    for number in ("000", "001", "002", "003", "004"):
        paragraphs = corpus_paragraphs(number)
        chunks = make_chunks(paragraphs, chunk_chars=300, overlap=50)
        assert {c.paragraph_id for c in chunks} == {p.id for p in paragraphs}
        assert len({c.id for c in chunks}) == len(chunks)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="甲乙丙丁，。；！？12", min_size=1, max_size=400),
       st.integers(min_value=5, max_value=80), st.integers(min_value=0, max_value=30))
def test_split_text_spans_bounded_ordered_and_covering(text, size, overlap):
    overlap = min(overlap, size - 1)
    assert "".join(sentences(text)) == text
    spans = split_text(text, size, overlap)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(0 < end - start <= size for start, end in spans)
    for (_, end), (next_start, next_end) in zip(spans, spans[1:]):
        assert end - overlap <= next_start <= end < next_end


def test_bare_marker_heading_brings_its_parent_into_the_prefix():
    paragraphs = corpus_paragraphs("002")
    item = next(p for p in paragraphs if p.normalised.startswith("1、加强街道信息公开信息员队伍建设"))
    (chunk,) = make_chunks([item], chunk_chars=400, overlap=60)
    assert chunk.text == "三、存在问题及整改措施 > （二） | " + item.normalised
