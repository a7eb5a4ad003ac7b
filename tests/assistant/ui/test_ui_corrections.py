"""Correcting office and year in the web library, without a browser: at upload (only
changed fields count), afterwards (the kept original is re-indexed), surviving a plain
re-index, and said in Chinese when it cannot be done."""

from __future__ import annotations

import hashlib

from assistant.ui import corrections, library
from assistant.ui.context import AppContext
from core.store import Store
from index.pipeline import index_paths

TEXT = ("测试县小镇人民政府2016年政府信息公开工作年度报告\n"
        "2016年，小镇主动公开政府信息12条。\n")


def _context(settings, embedder, tmp_path) -> AppContext:
    return AppContext(settings, Store.open(settings, embedder), chain=None,
                      export_dir=tmp_path / "exports")


def _quiet(*args, **kwargs) -> None:
    return None


def _file(tmp_path, name="xiaozhen-2016.txt", text=TEXT):
    path = tmp_path / "uploads" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_fields_are_prefilled_with_what_indexing_reads(settings, tmp_path):
    read = corrections.read_fields(_file(tmp_path), settings)
    assert read.office == "测试县小镇人民政府" and read.year_text == "2016"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert corrections.read_fields(empty, settings) == corrections.ReadFields()


def test_only_changed_fields_are_a_correction():
    shown = corrections.ReadFields("测试县小镇人民政府", 2016)
    assert corrections.correction_from("测试县小镇人民政府", "2016", shown) is None
    fixed = corrections.correction_from("测试县大镇人民政府", "2016", shown)
    assert fixed.fields == ("office",) and fixed.office == "测试县大镇人民政府"
    assert corrections.correction_from("", "2017年", shown).year == 2017


def test_correct_at_upload_then_afterwards_and_it_survives_reindexing(settings, embedder,
                                                                     tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    path = _file(tmp_path)
    shown = corrections.read_fields(path, settings)
    result = library.upload(ctx, [str(path)], _quiet, "测试县大镇人民政府", "2016", shown)
    assert "新增 1 份" in result
    [report] = ctx.store.reports()
    assert report.office.name == "测试县大镇人民政府" and report.year == 2016
    assert report.correction.fields == ("office",)
    assert library.reports_frame([report])["更正"].tolist() == ["机关"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    original = settings.index_dir / "originals" / f"{digest}.txt"
    assert original.read_bytes() == path.read_bytes()

    result = library.correct(ctx, report.id, "测试县大镇人民政府", "2017")
    assert "已更正 xiaozhen-2016.txt" in result
    [report] = ctx.store.reports()
    assert (report.source, report.office.name, report.year) == (
        "xiaozhen-2016.txt", "测试县大镇人民政府", 2017)
    assert library.reports_frame([report])["更正"].tolist() == ["机关、年度"]
    assert {f.year for f in ctx.store.figures(report_id=report.id)} == {2017}

    index_paths([path], ctx.store, settings)  # a plain re-index keeps the user's word
    [again] = ctx.store.reports()
    assert again.office.name == "测试县大镇人民政府" and again.year == 2017

    assert "无需更正" in library.correct(ctx, report.id, "测试县大镇人民政府", "2017")
    library.remove(ctx, report.id)
    assert not original.exists()


def test_what_cannot_be_corrected_is_said_in_chinese(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    index_paths([_file(tmp_path)], ctx.store, settings)  # indexed by the CLI: no copy
    [report] = ctx.store.reports()
    missing = library.correct(ctx, report.id, "测试县大镇人民政府", "")
    assert "没有它的原文件副本" in missing and "--office" in missing
    assert "年份应为四位数字" in library.correct(ctx, report.id, "", "去年")
    assert "请先选择" in library.correct(ctx, None, "x", "")
    two = [str(_file(tmp_path, "a.txt")), str(_file(tmp_path, "b.txt", TEXT + "另一段。\n"))]
    assert "只能用于单个文件" in library.upload(ctx, two, _quiet, "某机关", "", None)
    assert len(ctx.store.reports()) == 1  # nothing indexed with a correction meant for one
