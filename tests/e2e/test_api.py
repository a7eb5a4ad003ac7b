"""The named API through gradio_client, with and without login (issue 15, item 7): the
six endpoints are the API's only ones; questions are answered; uploading and deleting
refuse to run without a login unless the setting allows it; with GOVQA_AUTH the client
logs in, and repeated wrong passwords lock the name."""

from __future__ import annotations

import pytest
from gradio_client import Client, handle_file

from core.settings import Settings
from tests.e2e.conftest import start_app

SMALL_REPORT = "某镇人民政府2020年政府信息公开工作年度报告\n一、总体情况\n主动公开信息12条。\n"
NAMES = {"/ask", "/compare", "/upload", "/remove", "/reports", "/figures"}


@pytest.fixture(scope="module")
def closed_app(app):
    """The app with no login and anonymous writes not allowed (the default)."""
    settings = Settings(index_dir=app.settings.index_dir, _env_file=None)
    running, demo = start_app(settings, app.store)
    yield running
    demo.close()


def test_named_endpoints_answer(closed_app):
    client = Client(closed_app.url, verbose=False)
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == NAMES
    answer = client.predict("北沟街道2017年主动公开了多少条政府信息？", "", 0, api_name="/ask")
    assert answer["status"] == "answered" and "14" in answer["answer"]
    assert answer["citations"][0]["quote"]
    reports = client.predict(api_name="/reports")
    beigou = next(r for r in reports if "北沟" in r["office"])
    figures = client.predict(beigou["id"], api_name="/figures")
    assert figures and all(f["report_id"] == beigou["id"] for f in figures)
    compared = client.predict("比较新碶街道和北沟街道主动公开的数量", api_name="/compare")
    assert len(compared["table"]) == 2


def test_writes_refuse_without_login(closed_app, tmp_path):
    client = Client(closed_app.url, verbose=False)
    before = {r["id"] for r in client.predict(api_name="/reports")}
    some = next(iter(before))
    assert "需要登录" in client.predict(some, api_name="/remove")
    upload = tmp_path / "新报告.txt"
    upload.write_text(SMALL_REPORT, encoding="utf-8")
    result = client.predict([handle_file(str(upload))], api_name="/upload")
    assert "需要登录" in result[0]
    assert {r["id"] for r in client.predict(api_name="/reports")} == before


def test_with_login_the_client_logs_in_and_guessing_is_locked(app, tmp_path):
    settings = Settings(index_dir=app.settings.index_dir, auth="analyst:s3cret",
                        login_attempts=3, _env_file=None)
    running, demo = start_app(settings, app.store)
    try:
        with pytest.raises(Exception):
            Client(running.url, verbose=False)  # no login: nothing is served
        client = Client(running.url, auth=("analyst", "s3cret"), verbose=False)
        assert client.predict(api_name="/reports")
        # with the login, uploading and deleting run (a small report added, then removed)
        upload = tmp_path / "登录后上传.txt"
        upload.write_text(SMALL_REPORT, encoding="utf-8")
        before = {r["id"] for r in client.predict(api_name="/reports")}
        result = client.predict([handle_file(str(upload))], api_name="/upload")
        assert "新增 1 份" in result[0]
        added = [r for r in client.predict(api_name="/reports") if r["id"] not in before]
        assert len(added) == 1
        # another report under the same name: the API asks too (nothing indexed) unless
        # the caller said beforehand, as the CLI's --replace: same_name="replace"/"beside"
        upload.write_text(SMALL_REPORT.replace("12条", "20条"), encoding="utf-8")
        result = client.predict([handle_file(str(upload))], api_name="/upload")
        assert "尚未索引" in result[0]
        assert any("库中已有同名的报告" in part for part in result if isinstance(part, str))
        assert len(client.predict(api_name="/reports")) == len(before) + 1
        result = client.predict([handle_file(str(upload))], "", "", "replace",
                                api_name="/upload")
        assert "替换 1 份" in result[0]
        [now] = [r for r in client.predict(api_name="/reports") if r["id"] not in before]
        assert now["source"] == "登录后上传.txt" and now["id"] != added[0]["id"]
        assert "已删除" in client.predict(now["id"], api_name="/remove")
        assert {r["id"] for r in client.predict(api_name="/reports")} == before
        for _ in range(3):
            with pytest.raises(Exception):
                Client(running.url, auth=("analyst", "guess"), verbose=False)
        with pytest.raises(Exception):  # locked now, even with the right password
            Client(running.url, auth=("analyst", "s3cret"), verbose=False)
    finally:
        demo.close()
