"""The library tab's handlers without a browser: what the progress bar says while
uploads are indexed, and the question asked before a report is removed."""

from __future__ import annotations

from core.store import Store
from assistant.ui import library
from assistant.ui.context import AppContext


def _context(settings, embedder, tmp_path) -> AppContext:
    return AppContext(settings, Store.open(settings, embedder), chain=None,
                      export_dir=tmp_path / "exports")


def test_upload_progress_names_the_file_at_every_step(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    report = tmp_path / "xiaozhen-2016.txt"
    report.write_text("测试县小镇人民政府2016年政府信息公开工作年度报告\n"
                      "2016年，小镇主动公开政府信息12条。\n", encoding="utf-8")
    calls = []
    result = library.upload(ctx, [str(report)],
                            lambda fraction, desc, unit: calls.append((fraction, desc, unit)))
    assert "新增 1 份" in result
    descs = [desc for _, desc, _ in calls]
    assert descs[0] == "正在读取 xiaozhen-2016.txt（第 1/1 份）"
    assert any(desc.startswith("正在编码 xiaozhen-2016.txt（第 1/1 份，文本块 ")
               for desc in descs), descs
    assert "正在写入 xiaozhen-2016.txt（第 1/1 份）" in descs
    assert calls[-1] == ((1, 1), "索引完成", "个文件")


def test_removing_asks_first_naming_what_goes(settings, embedder, tmp_path):
    ctx = _context(settings, embedder, tmp_path)
    report = tmp_path / "<i>doomed.txt"
    report.write_text("测试县删除乡人民政府2016年政府信息公开工作年度报告\n"
                      "2016年，删除乡主动公开政府信息12条。\n", encoding="utf-8")
    library.upload(ctx, [str(report)], lambda *args, **kwargs: None)
    [indexed] = ctx.store.reports()

    message, asking = library.ask_remove(ctx, indexed.id)
    assert asking and "确定删除 &lt;i&gt;doomed.txt 吗？" in message
    assert "2016年" in message and "个段落" in message and "个数字" in message
    assert ctx.store.reports() == [indexed]  # asking removes nothing

    assert library.ask_remove(ctx, None) == (library.render.message_list(
        "请先选择要删除的报告。", []), False)
    assert "已删除" in library.remove(ctx, indexed.id)
    assert ctx.store.reports() == []
    message, asking = library.ask_remove(ctx, indexed.id)
    assert not asking and "已不在库中" in message
