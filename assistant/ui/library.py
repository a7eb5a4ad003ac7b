"""The library tab: the indexed reports, uploads (several files, a progress bar, one
clear line per refused file), correcting a report's office and year (corrections.py),
removing a report, and a report's figures as a table and a CSV download. Also the office
and year choices the other tabs filter by."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.user_errors import user_message
from core.errors import AssistantError
from core.models import Figure, IndexedReport
from assistant.ui import corrections, render
from assistant.ui.context import AppContext
from core.vocabulary import METRICS
from index.pipeline import Step, index_paths

log = logging.getLogger(__name__)

FORMATS = {"pre2019": "2019年前（自由行文）", "2019": "2019年版表格", "2021": "2021年版表格"}
QUALIFIERS = {"exact": "确数", "more_than": "超过", "about": "约数", "at_least": "以上",
              "less_than": "不足", "zero_in_words": "文字表述为零"}
SCOPES = {"annual": "年度", "cumulative": "累计"}
REPORT_COLUMNS = ["报告文件", "标题", "机关", "年度", "更正", "格式", "段落数", "数字数", "警告"]
FIGURE_COLUMNS = ["指标", "项目", "数值", "单位", "限定", "期间", "口径", "原文"]


@dataclass(frozen=True)
class Choices:
    """What the filters of every tab offer: the offices and years indexed now."""

    offices: list[tuple[str, str]]  # (label, full office name)
    years: list[int]
    reports: list[tuple[str, str]]  # (label, report id)


def choices(reports: Sequence[IndexedReport]) -> Choices:
    offices: dict[str, str] = {}
    for report in reports:
        name = report.office.name
        short = report.office.short or name
        offices.setdefault(name, short if short == name else f"{short}（{name}）")
    years = sorted({r.year for r in reports if r.year}, reverse=True)
    labelled = [(f"{r.source} — {r.office.short or r.office.name} "
                 f"{render.year_text(r.year)}", r.id) for r in reports]
    return Choices(sorted(((label, name) for name, label in offices.items())), years, labelled)


def reports_frame(reports: Sequence[IndexedReport]) -> pd.DataFrame:
    rows = [[r.source, r.title, r.office.name, r.year or "", corrections.corrected_fields(r),
             FORMATS.get(r.format, r.format),
             r.paragraph_count, r.figure_count, "；".join(r.warnings)] for r in reports]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def metric_label(key: str) -> str:
    metric = METRICS.get(key)
    return metric.label if metric else key


def figures_frame(figures: Sequence[Figure]) -> pd.DataFrame:
    rows = []
    for f in figures:
        item = " / ".join(part for part in (f.label, f.row, f.column) if part)
        rows.append([metric_label(f.metric), item, f"{f.value:g}", f.unit,
                     QUALIFIERS.get(f.qualifier, f.qualifier), f.period,
                     SCOPES.get(f.scope, f.scope), f.quote])
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def write_csv(frame: pd.DataFrame, export_dir: Path, stem: str) -> Path:
    """A CSV in a folder of its own (sessions never overwrite each other's files), with
    a byte-order mark so spreadsheet programs read the Chinese correctly."""
    folder = export_dir / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / f"{stem}-数字.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def upload(ctx: AppContext, files: Sequence[str] | None,
           progress: Callable[..., Any], office: str | None = None, year: str | None = None,
           shown: corrections.ReadFields | None = None,
           replace_same_name: bool = False) -> str:
    """Index the uploaded files; returns the result panel (HTML). `office` / `year`:
    the correction fields (for a single file), `shown` what they were pre-filled with.
    `replace_same_name`: the user chose 替换 when asked (replacing.py): a file whose name
    a stored report has, with other content, replaces it; otherwise it is added beside."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return render.message_list("请先选择要上传的报告文件。", [])
    try:
        correction = corrections.correction_from(office, year, shown)
    except AssistantError as exc:
        return render.message_list(user_message(exc, "索引"), [], "error")
    if correction is not None and len(paths) != 1:
        return render.message_list("更正机关或年度只能用于单个文件：请一次上传一份，"
                                   "或先上传，再在下方逐份更正。", [], "error")

    def report(done: int, total: int, step: Step) -> None:
        progress((done, total), desc=step.text, unit="个文件")

    try:
        summary = index_paths(paths, ctx.store, ctx.settings, progress=report,
                              corrections=(lambda path: correction) if correction else None,
                              replace_same_name=replace_same_name)
    except Exception as exc:  # noqa: BLE001 - the UI edge: a user sees words, the log a trace
        if not isinstance(exc, AssistantError):
            log.exception("indexing uploads failed")
        return render.message_list(user_message(exc, "索引"), [], "error")
    renamed = dict(summary.renamed)
    parts = [render.message_list(
        f"新增 {len(summary.added)} 份，替换 {len(summary.replaced)} 份，"
        f"跳过 {len(summary.skipped)} 份（内容已索引），未能索引 {len(summary.refused)} 份。",
        [f"新增：{s}" for s in summary.added if s not in renamed.values()]
        + [f"新增（与库中报告同名，另存为 {name}）：{file}" for file, name in summary.renamed]
        + [f"替换：{s}（库中同名报告已由新文件取代）" for s in summary.replaced]
        + [f"重建：{s}" for s in summary.rebuilt + summary.repaired]
        + [f"跳过：{s}" for s in summary.skipped]
        + [f"更正：{s}（{'、'.join(corrections.FIELD_NAMES.get(f, f) for f in fields)}）"
           for s, fields in summary.corrected])]
    try:
        _keep_originals(ctx, paths, {name for name, _ in summary.refused})
    except OSError:
        log.exception("keeping the uploaded originals failed")
        parts.append(render.message_list("报告已索引，但未能保存原文件副本：之后在此更正"
                                         "机关或年度需要重新上传该文件。", [], "warning"))
    if summary.refused:
        parts.append(render.message_list(
            "以下文件未能索引（其他文件不受影响）：",
            [f"{source}：{reason}" for source, reason in summary.refused], "error"))
    return "".join(parts)


def _keep_originals(ctx: AppContext, paths: Sequence[Path], refused: set[str]) -> None:
    """A copy of every indexed upload, so its office and year can be corrected later."""
    for path in paths:
        if path.name not in refused:
            corrections.keep_original(ctx.settings.index_dir, path)


def correct(ctx: AppContext, report_id: str | None, office: str | None,
            year: str | None) -> str:
    """Correct an indexed report: its kept original is indexed again with the
    correction (merged over an earlier one). Returns the result panel (HTML)."""
    found = ctx.store.report(report_id) if report_id else None
    if found is None:
        return render.message_list("请先选择要更正的报告。", [])
    try:
        correction = corrections.correction_from(office, year, corrections.held_fields(found))
    except AssistantError as exc:
        return render.message_list(user_message(exc, "更正"), [], "error")
    if correction is None:
        return render.message_list("机关和年度都没有改动，无需更正。", [])
    original = corrections.original_path(ctx.settings.index_dir, found.content_hash,
                                         found.source)
    if not original.exists():
        return render.message_list(
            f"无法更正 {found.source}：库中没有它的原文件副本（它不是从网页上传的，"
            "或上传于保留原文件之前）。请重新上传该文件并在上传时填写机关和年度，"
            "或在命令行用 index 文件 --office 机关 --year 年度 更正。", [], "error")
    summary = index_paths([original], ctx.store, ctx.settings,
                          corrections=lambda path: correction)
    if summary.refused:
        return render.message_list(f"无法更正 {found.source}：{summary.refused[0][1]}",
                                   [], "error")
    now = ctx.store.report(report_id) or found
    return render.message_list(
        f"已更正 {now.source}：", [f"机关：{now.office.name}",
                                  f"年度：{render.year_text(now.year)}",
                                  f"更正的字段：{corrections.corrected_fields(now) or '无'}"])


def ask_remove(ctx: AppContext, report_id: str | None) -> tuple[str, bool]:
    """(message, whether to show the confirmation buttons)."""
    if not report_id:
        return render.message_list("请先选择要删除的报告。", []), False
    found = ctx.store.report(report_id)
    if found is None:
        return render.message_list("该报告已不在库中。", []), False
    return render.message_list(
        f"确定删除 {found.source} 吗？",
        [f"{found.office.name} {render.year_text(found.year)}：{found.paragraph_count} 个段落、"
         f"{found.figure_count} 个数字将从库中移除（原文件不受影响，可重新上传）。"],
        "warning"), True


def cancelled_remove() -> str:
    return render.message_list("已取消删除。", [])


def remove(ctx: AppContext, report_id: str | None) -> str:
    if not report_id:
        return render.message_list("请先选择要删除的报告。", [])
    found = ctx.store.report(report_id)
    if found is None:
        return render.message_list("该报告已不在库中。", [])
    ctx.store.remove_report(report_id)
    corrections.forget_original(ctx.settings.index_dir, found)
    return render.message_list(f"已删除：{found.source}", [])


def report_figures(ctx: AppContext, report_id: str | None) -> tuple[pd.DataFrame, Path | None]:
    found = ctx.store.report(report_id) if report_id else None
    if found is None:
        return figures_frame([]), None
    frame = figures_frame(ctx.store.figures(report_id=report_id))
    return frame, write_csv(frame, ctx.export_dir, Path(found.source).stem)
