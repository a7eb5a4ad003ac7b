"""Correcting what was read, in a real browser: the upload fields are pre-filled with
the office and year read from the file; a year corrected at upload and an office
corrected afterwards show in the library table (更正 column) and in an answer."""

from __future__ import annotations

from tests.e2e.pages import ask, choose, open_tab, table_rows

TEXT = ("测试县红枫乡人民政府2016年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "2016年，红枫乡主动公开政府信息37条，其中政策文件类信息5条。\n")
NEW_OFFICE = "青柳镇人民政府"


def _field(page, elem_id: str) -> str:
    return page.input_value(f"#{elem_id} input, #{elem_id} textarea")


def _wait_for_field(page, elem_id: str, value: str) -> None:
    page.wait_for_function(
        """([id, value]) => { const box = document.querySelector(`#${id} input, #${id} textarea`);
                              return box && box.value === value; }""", arg=[elem_id, value])


def _row_of(page, source: str) -> list[str]:
    page.wait_for_function(
        "(name) => document.querySelector('#govqa-reports').innerText.includes(name)", arg=source)
    return next(row.split("\t") for row in table_rows(page, "govqa-reports") if source in row)


def test_correct_the_year_at_upload_and_the_office_afterwards(page, app, tmp_path):
    report = tmp_path / "hongfeng-2016.txt"
    report.write_text(TEXT, encoding="utf-8")
    open_tab(page, "报告库")
    page.set_input_files("#govqa-upload input[type=file]", [str(report)])
    _wait_for_field(page, "govqa-upload-office", "测试县红枫乡人民政府")
    assert _field(page, "govqa-upload-year") == "2016"
    page.fill("#govqa-upload-year textarea, #govqa-upload-year input", "2015")
    page.click("#govqa-index")
    page.wait_for_selector("#govqa-upload-result .govqa-list")
    assert "新增 1 份" in page.inner_text("#govqa-upload-result")
    row = _row_of(page, "hongfeng-2016.txt")
    assert row[2:5] == ["测试县红枫乡人民政府", "2015", "年度"], row

    choose(page, "govqa-report", "hongfeng-2016.txt")
    _wait_for_field(page, "govqa-fix-office", "测试县红枫乡人民政府")
    assert _field(page, "govqa-fix-year") == "2015"
    page.fill("#govqa-fix-office textarea, #govqa-fix-office input", NEW_OFFICE)
    page.click("#govqa-fix")
    page.wait_for_selector("#govqa-upload-result :text('已更正 hongfeng-2016.txt')")
    page.wait_for_function(
        "(name) => document.querySelector('#govqa-reports').innerText.includes(name)",
        arg=NEW_OFFICE)
    row = _row_of(page, "hongfeng-2016.txt")
    assert row[2:5] == [NEW_OFFICE, "2015", "机关、年度"], row
    stored = app.store.report_by_source("hongfeng-2016.txt")
    assert stored.office.name == NEW_OFFICE and stored.correction.fields == ("office", "year")

    open_tab(page, "问答")
    message = ask(page, "青柳镇2015年主动公开了多少条政府信息？")
    assert "37条" in message.inner_text()
    card = page.locator("#govqa-sources-panel .src-card").first
    assert card.locator(".src-office").inner_text() == NEW_OFFICE
    assert "2015" in card.locator(".src-year").inner_text()
