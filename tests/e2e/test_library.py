"""The library tab in a real browser: upload several files at once (one bad file is
refused with its reason, the others are indexed), ask about an uploaded .docx, see and
download a report's figures, remove a report (after a confirmation)."""

from __future__ import annotations

import csv

from tests.e2e.pages import ask, choose, download, open_tab, table_rows, upload
from tests.fixtures_build import build_docx

TITLE = "示范市光明区朝阳街道办事处2020年政府信息公开工作年度报告"
PARAGRAPHS = [
    "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限自2020年1月1日起至2020年12月31日止。",
    "一、总体情况",
    "2020年，朝阳街道主动公开政府信息236条，其中政策文件类信息41条。",
    "二、收到和处理政府信息公开申请情况",
    "全年共收到政府信息公开申请7件，均已按期答复。",
]


def test_upload_several_files_one_bad_then_ask_about_the_docx(page, app, tmp_path):
    good = build_docx(tmp_path / "chaoyang-2020.docx", TITLE, PARAGRAPHS)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    result = upload(page, [good, broken, empty])
    assert "新增 1 份" in result and "未能索引 2 份" in result
    refused = page.locator("#govqa-upload-result .govqa-list.error li").all_inner_texts()
    assert sorted(line.split("：", 1)[0] for line in refused) == ["broken.docx", "empty.txt"]
    assert all(len(line.split("：", 1)[1]) > 2 for line in refused)  # a reason each
    assert "chaoyang-2020.docx" in page.inner_text("#govqa-reports")
    assert app.store.report_by_source("chaoyang-2020.docx") is not None

    page.get_by_role("tab", name="问答").click()
    message = ask(page, "朝阳街道2020年主动公开了多少条政府信息？")
    assert "236条" in message.inner_text()
    assert message.locator("sup.cite").count() >= 1
    card = page.locator("#src-0-1")
    assert "chaoyang-2020.docx" in card.locator(".src-file").inner_text()
    assert "236条" in card.locator("mark").inner_text()


def _wait_for_figures(page, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('#govqa-figures').innerText.includes(text)", arg=text)


def test_figures_table_and_csv_download(page, tmp_path):
    open_tab(page, "报告库")
    choose(page, "govqa-report", "000_16c7a534f4d23119.txt")
    _wait_for_figures(page, "14条")
    rows = table_rows(page, "govqa-figures")
    assert any(r.split("\t")[2:4] == ["14", "条"] for r in rows), rows
    page.wait_for_function(
        "() => !document.querySelector('#govqa-figures-csv').disabled")
    saved = download(page, "#govqa-figures-csv", tmp_path / "figures.csv")
    with saved.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the CSV has no figures"
    assert set(rows[0]) == {"指标", "项目", "数值", "单位", "限定", "期间", "口径", "原文"}
    assert any(r["数值"] == "14" and r["单位"] == "条" and "14条" in r["原文"] for r in rows)


def test_remove_a_report(page, app, tmp_path):
    doomed = tmp_path / "remove-me.txt"
    doomed.write_text("测试县删除乡人民政府2016年政府信息公开工作年度报告\n"
                      "2016年，删除乡主动公开政府信息12条。\n", encoding="utf-8")
    upload(page, [doomed])
    assert app.store.report_by_source("remove-me.txt") is not None
    choose(page, "govqa-report", "remove-me.txt")
    _wait_for_figures(page, "12条")  # the choice has reached the server
    page.click("#govqa-remove")  # asks first, naming the report
    page.wait_for_selector("#govqa-remove-yes", state="visible")
    assert "确定删除 remove-me.txt 吗" in page.inner_text("#govqa-remove-question")
    page.click("#govqa-remove-no")
    page.wait_for_selector("#govqa-upload-result :text('已取消删除')")
    assert page.locator("#govqa-remove-yes").is_hidden()
    assert app.store.report_by_source("remove-me.txt") is not None

    page.click("#govqa-remove")
    page.wait_for_selector("#govqa-remove-yes", state="visible")
    page.click("#govqa-remove-yes")
    page.wait_for_selector("#govqa-upload-result :text('已删除：remove-me.txt')")
    assert page.locator("#govqa-remove-yes").is_hidden()
    assert "remove-me.txt" not in page.inner_text("#govqa-reports")
    assert app.store.report_by_source("remove-me.txt") is None


def test_choosing_another_report_withdraws_the_confirmation(page, app):
    open_tab(page, "报告库")
    choose(page, "govqa-report", "000_16c7a534f4d23119.txt")
    _wait_for_figures(page, "14条")  # the choice has reached the server
    page.click("#govqa-remove")
    page.wait_for_selector("#govqa-remove-yes", state="visible")
    choose(page, "govqa-report", "001_0e05eea927841684.txt")
    page.wait_for_selector("#govqa-remove-yes", state="hidden")
    assert len(app.store.reports()) >= 5
