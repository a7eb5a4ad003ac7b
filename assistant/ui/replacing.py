"""The question the web library asks before an upload could replace a report: a file
whose name an indexed report already has, with other content (index.pipeline.
name_conflicts), is either a new version of that report (替换) or another report that
happens to share the name (并存, added beside it under a unique name). Nothing is
indexed until the user chooses; the CLI's word for 替换 is `index --replace`.

The question names both sides: the stored report (office, year, file, title) and what
indexing reads from the new file (office, year), so the user can tell a new version
from a namesake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.ui import corrections, render
from assistant.ui.context import AppContext
from index.pipeline import name_conflicts

# What the upload does with a file whose name a stored report has: the page always
# asks; an API caller may say beforehand (the hidden `same_name` input of /upload).
ASK, REPLACE, BESIDE = "ask", "replace", "beside"
SAME_NAME_CHOICES = [("先询问", ASK), ("替换", REPLACE), ("并存", BESIDE)]


@dataclass(frozen=True)
class Conflict:
    file: str  # the uploaded file's name (= the stored report's file name)
    stored: str  # the stored report: office, year, title
    new: str  # what indexing reads from the new file: office, year


@dataclass(frozen=True)
class PendingUpload:
    """An upload waiting for the user's choice: the files 替换 / 并存 will index (with
    the correction fields as they are when the user chooses)."""

    files: tuple[str, ...]
    names: frozenset[str]  # the file names the user is asked about


def conflicts(ctx: AppContext, files: Sequence[str]) -> list[Conflict]:
    found = []
    for path, stored in name_conflicts([Path(f) for f in files], ctx.store):
        read = corrections.read_fields(path, ctx.settings)
        found.append(Conflict(
            path.name,
            f"{stored.office.name or '机关不详'} {render.year_text(stored.year)}"
            f"（文件 {stored.source}，标题“{stored.title}”）",
            f"{read.office or '机关未读出'} {render.year_text(read.year)}"))
    return found


def question(found: Sequence[Conflict]) -> str:
    """The confirmation panel (HTML, every text escaped by render.message_list)."""
    lines = []
    for c in found:
        lines.append(f"{c.file}：库中已有 {c.stored}；新上传的文件内容不同，读出为 {c.new}。")
    return render.message_list(
        f"库中已有同名的报告（{len(found)} 份），内容与上传的文件不同。请选择："
        "“替换”——上传的文件是该报告的新版本，取代库中那份（其更正保留）；"
        "“并存”——它是另一份报告，另取名称加入，库中那份不变。"
        "选择之前不会索引任何文件。", lines, "warning")


def still_asked(ctx: AppContext, pending: PendingUpload) -> list[Conflict]:
    """Conflicts that the user was not asked about (another upload stored a report of
    the same name meanwhile): these need asking again before 替换 may run."""
    return [c for c in conflicts(ctx, pending.files) if c.file not in pending.names]


def asking(ctx: AppContext, files: Sequence[str]) -> tuple[str, PendingUpload] | None:
    """(the question, the upload it holds back), or None when no file needs asking."""
    found = conflicts(ctx, files)
    if not found:
        return None
    return question(found), PendingUpload(tuple(files), frozenset(c.file for c in found))


WAITING_NOTE = ("尚未索引：请先在上方选择“替换”或“并存”（或取消）。")


def cancelled() -> str:
    return render.message_list("已取消：没有索引任何文件。可以重新选择文件后再上传。", [])
