"""The web library's question before an upload could replace a report (replacing.py),
without a browser: who is asked about, what the question names (both reports, escaped),
and what 替换 and 并存 then do to the store."""

from __future__ import annotations

from pathlib import Path

from assistant.ui import library, replacing
from assistant.ui.context import AppContext
from core.store import Store

NAME = "<i>年度报告.txt"  # a name with markup: shown as text
FIRST = ("测试县甲镇人民政府2016年政府信息公开工作年度报告\n"
         "2016年，甲镇主动公开政府信息12条。\n")
SECOND = ("测试县乙镇人民政府2017年政府信息公开工作年度报告\n"
          "2017年，乙镇主动公开政府信息30条。\n")


def _context(settings, embedder, tmp_path) -> AppContext:
    return AppContext(settings, Store.open(settings, embedder), chain=None,
                      export_dir=tmp_path / "exports")


def _file(folder: Path, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAME
    path.write_text(text, encoding="utf-8")
    return str(path)


def _quiet(*args, **kwargs) -> None:
    return None


def test_a_same_named_upload_asks_naming_both_reports(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    assert "新增 1 份" in library.upload(ctx, [_file(tmp_path / "a", FIRST)], _quiet)
    unrelated = tmp_path / "b" / "另一份.txt"
    unrelated.parent.mkdir()
    unrelated.write_text(SECOND.replace("乙镇", "丙镇"), encoding="utf-8")
    second = _file(tmp_path / "b", SECOND)

    text, pending = replacing.asking(ctx, [second, str(unrelated)])
    assert pending.files == (second, str(unrelated)) and pending.names == {NAME}
    assert "&lt;i&gt;年度报告.txt" in text and "<i>" not in text
    assert "测试县甲镇人民政府 2016年" in text  # the stored one: office, year, file, title
    assert "（文件 &lt;i&gt;年度报告.txt，标题" in text
    assert "读出为 测试县乙镇人民政府 2017年" in text  # the new file, as indexing reads it
    assert "替换" in text and "并存" in text
    assert len(ctx.store.reports()) == 1  # asking indexes nothing

    # the same bytes again, or a new name: nothing to ask
    assert replacing.asking(ctx, [_file(tmp_path / "c", FIRST), str(unrelated)]) is None
    assert replacing.still_asked(ctx, pending) == []


def test_replace_takes_the_stored_reports_place(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    library.upload(ctx, [_file(tmp_path / "a", FIRST)], _quiet)
    result = library.upload(ctx, [_file(tmp_path / "b", SECOND)], _quiet,
                            replace_same_name=True)
    assert "替换 1 份" in result and "替换：&lt;i&gt;年度报告.txt" in result
    [report] = ctx.store.reports()
    assert report.source == NAME and report.year == 2017


def test_beside_adds_it_under_a_unique_name_and_says_so(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    library.upload(ctx, [_file(tmp_path / "a", FIRST)], _quiet)
    result = library.upload(ctx, [_file(tmp_path / "b", SECOND)], _quiet)
    assert "新增 1 份" in result and "替换 0 份" in result
    assert "另存为 &lt;i&gt;年度报告（2）.txt" in result
    assert sorted((r.source, r.year) for r in ctx.store.reports()) == [
        (NAME, 2016), ("<i>年度报告（2）.txt", 2017)]


def test_a_name_taken_after_the_question_is_asked_about_again(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    library.upload(ctx, [_file(tmp_path / "a", FIRST)], _quiet)
    other = tmp_path / "b" / "后来者.txt"
    other.parent.mkdir()
    other.write_text(SECOND.replace("乙镇", "丁镇"), encoding="utf-8")
    _, pending = replacing.asking(ctx, [_file(tmp_path / "b", SECOND), str(other)])
    # meanwhile another upload stores a different 后来者.txt
    third = tmp_path / "c" / "后来者.txt"
    third.parent.mkdir()
    third.write_text(SECOND.replace("乙镇", "戊镇"), encoding="utf-8")
    library.upload(ctx, [str(third)], _quiet)
    assert [c.file for c in replacing.still_asked(ctx, pending)] == ["后来者.txt"]
