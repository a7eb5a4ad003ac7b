"""Uploading in a real browser (issue 15): the progress names the file at every step; a
file whose name an indexed report has (other content) is indexed only after the user
chose 替换 or 并存, the question naming both reports; a file over the size limit is
named in Chinese before anything is sent, and the other files of the choice still go."""

from __future__ import annotations

import pytest

from core.settings import Settings
from tests.e2e.conftest import start_app
from tests.e2e.pages import open_tab

SAME = "同名&lt;i&gt;年报.txt"  # an entity in a name (Gradio strips < >): shown as written
OLD = "测试县甲镇人民政府2016年政府信息公开工作年度报告\n2016年，甲镇主动公开政府信息12条。\n"
NEW = "测试县乙镇人民政府2017年政府信息公开工作年度报告\n2017年，乙镇主动公开政府信息30条。\n"
LIMIT = 1024 * 1024  # the small app's upload limit: 1 MB


def _choose(page, files) -> None:
    open_tab(page, "报告库")
    page.set_input_files("#govqa-upload input[type=file]", [str(f) for f in files])
    page.wait_for_function(
        """(stems) => { const text = document.querySelector('#govqa-upload').innerText;
                       return stems.every((stem) => text.includes(stem)); }""",
        arg=[f.stem for f in files])


def _write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _result(page, text: str) -> str:
    page.wait_for_selector(f"#govqa-upload-result :text('{text}')", timeout=300_000)
    return page.inner_text("#govqa-upload-result")


def _sources(app) -> list[str]:
    return sorted(r.source for r in app.store.reports() if r.source.startswith("同名"))


def test_a_same_named_upload_asks_first_then_beside_or_replace(page, app, tmp_path):
    _choose(page, [_write(tmp_path / "a", SAME, OLD)])
    page.click("#govqa-index")
    _result(page, "新增 1 份")
    assert _sources(app) == [SAME]

    # another report under the same name: asked, nothing indexed yet
    _choose(page, [_write(tmp_path / "b", SAME, NEW)])
    page.click("#govqa-index")
    page.wait_for_selector("#govqa-replace-yes", state="visible")
    asked = page.inner_text("#govqa-replace-question")
    assert "库中已有 测试县甲镇人民政府 2016年（文件 同名&lt;i&gt;年报.txt" in asked
    assert "读出为 测试县乙镇人民政府 2017年" in asked
    assert page.locator("#govqa-replace-beside").is_visible()
    assert "尚未索引" in page.inner_text("#govqa-upload-result")
    assert _sources(app) == [SAME]

    page.click("#govqa-replace-beside")  # 并存: added beside, under a unique name
    result = _result(page, "新增 1 份")
    assert "另存为 同名&lt;i&gt;年报（2）.txt" in result
    assert page.locator("#govqa-replace-yes").is_hidden()
    assert _sources(app) == [SAME, "同名&lt;i&gt;年报（2）.txt"]

    # a third version of the first: 替换 puts it in the first one's place
    newer = OLD.replace("12条", "15条")
    _choose(page, [_write(tmp_path / "c", SAME, newer)])
    page.click("#govqa-index")
    page.wait_for_selector("#govqa-replace-yes", state="visible")
    page.click("#govqa-replace-yes")
    assert "替换 1 份" in _result(page, "替换 1 份")
    assert _sources(app) == [SAME, "同名&lt;i&gt;年报（2）.txt"]
    replaced = app.store.report_by_source(SAME)
    assert "15条" in " ".join(f.quote for f in app.store.figures(report_id=replaced.id))
    for source in _sources(app):  # leave the shared app as it was
        app.store.remove_report(app.store.report_by_source(source).id)


def test_cancel_indexes_nothing_and_other_files_withdraw_the_question(page, app, tmp_path):
    _choose(page, [_write(tmp_path / "a", "同名取消.txt", OLD)])
    page.click("#govqa-index")
    _result(page, "新增 1 份")
    stored = app.store.report_by_source("同名取消.txt")
    _choose(page, [_write(tmp_path / "b", "同名取消.txt", NEW)])
    page.click("#govqa-index")
    page.wait_for_selector("#govqa-replace-no", state="visible")
    page.click("#govqa-replace-no")
    _result(page, "已取消")
    assert page.locator("#govqa-replace-yes").is_hidden()
    assert app.store.report_by_source("同名取消.txt") == stored

    page.click("#govqa-index")  # asked again; choosing other files withdraws it
    page.wait_for_selector("#govqa-replace-yes", state="visible")
    _choose(page, [_write(tmp_path / "c", "别的文件.txt", NEW.replace("乙镇", "丙镇"))])
    page.wait_for_selector("#govqa-replace-yes", state="hidden")
    assert _sources(app) == ["同名取消.txt"]
    app.store.remove_report(stored.id)


# Every progress text the page shows, as it shows it (the bar's words change faster
# than a test could poll).
RECORD_PROGRESS = """() => {
  window.govqaSeen = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('.progress-text, .progress-level-inner, .meta-text')) {
      const text = el.innerText.trim();
      if (text && window.govqaSeen[window.govqaSeen.length - 1] !== text) window.govqaSeen.push(text);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def test_the_progress_names_the_file_while_encoding_and_writing(page, app, tmp_path):
    lines = [f"第{n}项，某镇主动公开政府信息{n}条，其中政策文件{n % 7}条，"
             f"均已通过政府网站和公开栏同步发布，并接受社会监督。" for n in range(1, 700)]
    big = _write(tmp_path, "进度测试.txt",
                 "测试县进度镇人民政府2018年政府信息公开工作年度报告\n" + "\n".join(lines))
    _choose(page, [big])
    page.evaluate(RECORD_PROGRESS)
    page.click("#govqa-index")
    _result(page, "新增 1 份")
    seen = page.evaluate("window.govqaSeen")
    steps = [t for t in seen if "正在" in t or "等待" in t]
    assert any("正在编码 进度测试.txt（第 1/1 份，文本块 " in t for t in steps), seen
    assert all("进度测试.txt" in t for t in steps), steps  # no step without its file
    app.store.remove_report(app.store.report_by_source("进度测试.txt").id)


@pytest.fixture(scope="module")
def small_limit_app(app):
    """The app with a 1 MB upload limit (the same store)."""
    settings = Settings(index_dir=app.settings.index_dir, allow_anonymous_writes=True,
                        max_file_bytes=LIMIT, _env_file=None)
    running, demo = start_app(settings, app.store)
    yield running
    demo.close()


def _small_page(browser, small_limit_app):
    from tests.e2e.conftest import open_page

    outside: list[str] = []
    context, page = open_page(browser, small_limit_app.url, outside)
    return context, page, outside


def test_a_file_over_the_limit_is_named_in_chinese_and_the_rest_still_go(
        browser, small_limit_app, tmp_path):
    context, page, outside = _small_page(browser, small_limit_app)
    try:
        big = tmp_path / "太大的年报.txt"
        big.write_bytes(("某镇主动公开政府信息12条。\n" * 50_000).encode("utf-8")[:LIMIT * 3 // 2])
        small = _write(tmp_path, "限额内.txt", NEW.replace("乙镇", "限额镇"))
        _choose(page, [small])  # waits for the small one; the large one never arrives
        page.set_input_files("#govqa-upload input[type=file]", [str(big), str(small)])
        page.wait_for_selector("#govqa-upload-note .govqa-list.error")
        note = page.inner_text("#govqa-upload-note")
        assert "超过单个文件 1 MB 的上限，未上传（其余 1 个文件照常上传）" in note
        assert "太大的年报.txt：1.5 MB，超过上限 1 MB" in note
        page.wait_for_timeout(500)
        listed = page.inner_text("#govqa-upload")
        assert "限额内" in listed and "太大的年报" not in listed
        assert "exceed" not in page.inner_text("body")  # no English toast
        page.click("#govqa-index")
        _result(page, "限额内.txt")
        assert small_limit_app.store.report_by_source("太大的年报.txt") is None

        # dropped on the upload area, alone: refused the same way, nothing sent
        page.evaluate("""(size) => {
            const area = document.querySelector('#govqa-upload button, #govqa-upload');
            const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(size)], '拖进来的大文件.pdf'));
            area.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true,
                                                      dataTransfer: files}));
        }""", LIMIT + 1)
        page.wait_for_selector("#govqa-upload-note :text('拖进来的大文件.pdf')")
        assert "其余" not in page.inner_text("#govqa-upload-note")
        page.wait_for_timeout(500)
        assert "exceed" not in page.inner_text("body")
        assert "拖进来的大文件" not in page.inner_text("#govqa-upload")
        found = small_limit_app.store.report_by_source("限额内.txt")
        small_limit_app.store.remove_report(found.id)
    finally:
        context.close()
    assert outside == []
