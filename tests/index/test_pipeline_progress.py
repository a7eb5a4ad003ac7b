"""The words of an indexing run's progress (index/progress.py): every step names the
files it works on and their places in the run; waiting for another writer says so
(issue 15: encoding and writing named no file, and waiting read as "正在读取 等待…")."""

from __future__ import annotations

import time

from core.store import Store
from core.store_lease import PLACEHOLDER_VECTOR
from index.pipeline import index_paths
from index.progress import DONE, ENCODING, READING, WAITING, WRITING, Step, spans


def test_reading_names_the_file_and_its_place():
    assert Step(READING, ("年报A.txt",), (2,), 5).text == "正在读取 年报A.txt（第 2/5 份）"


def test_encoding_names_the_files_of_the_slice_and_the_chunks():
    step = Step(ENCODING, ("年报A.txt",), (2,), 5, chunks=(256, 1024))
    assert step.text == "正在编码 年报A.txt（第 2/5 份，文本块 256/1024）"
    several = Step(ENCODING, ("a.txt", "b.txt"), (1, 2), 5, chunks=(32, 64))
    assert several.text == "正在编码 a.txt、b.txt（第 1–2/5 份，文本块 32/64）"


def test_writing_a_large_pool_names_the_first_files_and_counts_the_rest():
    files = tuple(f"r{i}.txt" for i in range(1, 8))
    step = Step(WRITING, files, (1, 2, 3, 5, 6, 7, 9), 12)
    assert step.text == "正在写入 r1.txt、r2.txt、r3.txt 等 7 份（第 1–3、5–7、9/12 份）"


def test_waiting_for_another_writer_says_who_and_what_waits():
    assert (Step(WAITING, writer="进程 42（host）").text
            == "等待另一个索引进程（进程 42（host））写完…")
    step = Step(WAITING, ("年报A.txt",), (1,), 1, writer="进程 42（host）")
    assert step.text == "等待另一个索引进程（进程 42（host））写完，再写入 年报A.txt（第 1/1 份）…"
    assert not step.text.startswith("正在")


def test_done_and_spans():
    assert Step(DONE, total=3).text == "索引完成"
    assert spans([5, 1, 2, 3]) == "1–3、5"
    assert spans([4]) == "4"


def test_a_run_waiting_for_another_writer_names_the_files_that_wait(settings, embedder,
                                                                    tmp_path):
    """Another writer (a ticket of another host, expiring in a moment) takes the lease
    while this run reads: the run waits, saying for whom and which file waits, then
    writes it."""
    store = Store.open(settings, embedder)
    report = tmp_path / "等待中.txt"
    report.write_text("测试县小镇人民政府2016年政府信息公开工作年度报告\n"
                      "2016年，小镇主动公开政府信息12条。\n", encoding="utf-8")
    steps: list[Step] = []

    def progress(done: int, total: int, step: Step) -> None:
        if step.stage == READING:  # the sweep is over: another writer arrives
            store.lease.collection.upsert(
                ids=["other"], embeddings=[PLACEHOLDER_VECTOR], documents=[""],
                metadatas=[{"host": "elsewhere", "pid": 1, "expires": time.time() + 1.5}])
        steps.append(step)

    summary = index_paths([report], store, settings, progress=progress)
    assert summary.added == ["等待中.txt"]
    waits = [s for s in steps if s.stage == WAITING]
    assert waits, [s.text for s in steps]
    assert waits[0].files == ("等待中.txt",) and "elsewhere" in waits[0].writer
    assert waits[0].text.startswith("等待另一个索引进程（进程 1（elsewhere））写完，再写入 等待中.txt")
    assert steps.index(waits[-1]) < next(i for i, s in enumerate(steps) if s.stage == WRITING)
