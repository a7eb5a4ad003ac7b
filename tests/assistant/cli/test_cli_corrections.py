"""Corrections from the command line (`index --office/--year`, `--manifest`), the ids
that join `reports --json` and `figures --json`, and `eval` indexing its own corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.cli.eval import default_manifest, eval_index_dir
from core.settings import PROJECT_ROOT, Settings
from index.manifest import read_manifest

MINI = PROJECT_ROOT / "tests" / "realdev_mini"
REALDEV = PROJECT_ROOT.parent / "shared" / "realdev"
BENGBU = "033_bengbu_zhen_2016.txt"


def test_office_flag_on_a_folder_is_refused_in_words(tmp_path, capsys):
    code = main(["index", str(MINI / "reports"), "--office", "某镇",
                 "--index-dir", str(tmp_path / "idx")])
    err = capsys.readouterr().err
    assert code == 2 and "--manifest" in err and "Traceback" not in err


def test_a_bad_year_is_refused_in_words(tmp_path, capsys):
    code = main(["index", str(MINI / "reports" / BENGBU), "--year", "16",
                 "--index-dir", str(tmp_path / "idx")])
    assert code == 2 and "四位数字" in capsys.readouterr().err


def test_manifest_rows_name_files_relative_to_it_or_bare(tmp_path):
    (tmp_path / "sub").mkdir()
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,office,year,level,region\n"
                        "sub/a.txt,甲镇,2019,,安徽省/蚌埠市\n"
                        "b.txt,,2020\n"
                        "c.txt,,\n", encoding="utf-8")
    m = read_manifest(manifest)
    a = m.get(tmp_path / "sub" / "a.txt")
    assert (a.office, a.year, a.region, a.fields) == ("甲镇", 2019, ("安徽省", "蚌埠市"),
                                                      ("office", "year", "region"))
    assert m.get(Path("/anywhere/b.txt")).fields == ("year",)
    assert m.get(tmp_path / "a.txt") is None and m.get(tmp_path / "c.txt") is None
    assert m.unmatched([tmp_path / "sub" / "a.txt"]) == ["b.txt"]


def test_realdev_manifest_covers_the_unnamed_reports():
    m = read_manifest(PROJECT_ROOT / "eval" / "realdev_manifest.csv")
    # the six SOURCES.md names as unnamed, and five whose saved excerpt lost the title
    # that named them (SOURCES.md: "title not in excerpt"; office from the page address)
    assert sorted(name[:3] for name in m.by_name) == [
        "007", "021", "025", "027", "032", "033", "040", "050", "056", "057", "064"]
    # The year is in each file name; SOURCES.md gives the rest from the page address.
    for name, correction in m.by_name.items():
        assert str(correction.year) in name and correction.office and correction.level
        if REALDEV.is_dir():
            assert (REALDEV / "reports" / name).is_file(), name


def test_the_realdev_eval_finds_its_manifest_by_the_question_folder(tmp_path):
    assert default_manifest(REALDEV / "qa.jsonl") == PROJECT_ROOT / "eval" / "realdev_manifest.csv"
    assert default_manifest(MINI / "qa.jsonl") is None
    settings = Settings(index_dir=tmp_path / "data" / "index", _env_file=None)
    own = eval_index_dir(settings, [MINI / "reports"])
    assert own.parent == tmp_path / "data" and own.name.startswith("eval-")
    assert own == eval_index_dir(settings, [MINI / "reports"])


@pytest.mark.slow
def test_correct_one_file_then_list_and_join_figures(tmp_path, capsys):
    index_dir = str(tmp_path / "idx")
    report = tmp_path / BENGBU
    shutil.copy(MINI / "reports" / BENGBU, report)
    assert main(["index", str(report), "--office", "蚌埠市某镇", "--year", "2016",
                 "--index-dir", index_dir]) == 0
    capsys.readouterr()
    assert main(["reports", "--json", "--index-dir", index_dir]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["office"], row["year"], row["corrected"]) == ("蚌埠市某镇", 2016, ["office", "year"])
    assert row["id"] and row["source"] == BENGBU
    assert main(["reports", "--index-dir", index_dir]) == 0
    assert "用户更正：单位、年份" in capsys.readouterr().out

    assert main(["figures", "--json", "--office", "蚌埠市某镇", "--index-dir", index_dir]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures and {(f["report_id"], f["source"]) for f in figures} == {(row["id"], BENGBU)}

    # A plain re-index keeps the correction.
    assert main(["index", str(report), "--index-dir", index_dir]) == 0
    assert "跳过 1 份" in capsys.readouterr().out
    assert main(["reports", "--json", "--index-dir", index_dir]) == 0
    assert json.loads(capsys.readouterr().out)[0]["corrected"] == ["office", "year"]


@pytest.mark.slow
def test_manifest_for_a_folder_and_eval_in_one_command(tmp_path, capsys, monkeypatch):
    reports = tmp_path / "reports"
    shutil.copytree(MINI / "reports", reports)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,office,year,level,region\nreports/{BENGBU},蚌埠市某镇,2016,"
                        "乡镇街道,安徽省/蚌埠市\nmissing.txt,某乡,2019\n", encoding="utf-8")
    index_dir = str(tmp_path / "idx")
    assert main(["index", str(reports), "--manifest", str(manifest),
                 "--index-dir", index_dir]) == 0
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err  # a manifest row that names no file is told
    assert main(["reports", "--json", "--index-dir", index_dir]) == 0
    rows = {r["source"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[BENGBU]["corrected"] == ["office", "year", "level", "region"]
    assert rows[BENGBU]["office"] == "蚌埠市某镇"
    assert all(not r["corrected"] for s, r in rows.items() if s != BENGBU)

    # eval: the items' report_files folder is indexed into an index of its own.
    qa = tmp_path / "qa.jsonl"
    shutil.copy(MINI / "qa.jsonl", qa)
    monkeypatch.setenv("GOVQA_INDEX_DIR", str(tmp_path / "data" / "index"))
    main(["eval", str(qa), "--json"])
    captured = capsys.readouterr()
    verdicts = [json.loads(line) for line in captured.out.splitlines()]
    assert len(verdicts) == 6 and all("wrong_office" in v for v in verdicts)
    own = list((tmp_path / "data").glob("eval-*"))
    assert len(own) == 1 and not (tmp_path / "data" / "index").exists()
    assert "新增 3" in captured.err
    total = next(line for line in captured.err.splitlines() if line.strip().startswith("all"))
    assert total.endswith(f"wrong office {sum(v['wrong_office'] for v in verdicts)}")
    # Again: the folder is unchanged, nothing is indexed.
    main(["eval", str(qa)])
    assert "跳过 3" in capsys.readouterr().err
