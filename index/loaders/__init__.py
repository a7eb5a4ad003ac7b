"""Report files in, blocks out: `load_document(path, max_bytes)` reads one file of any
supported format into a `LoadedDocument`, or raises `LoadError(file name, reason)`.

Formats: .txt/.md (UTF-8, GB18030/GBK or Big5, detected), .html/.htm (the report body
of a saved web page), .docx, and .pdf with a text layer. Nothing is interpreted or
normalised here: block texts are the file's text, verbatim.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from core.errors import LoadError
from core.models import LoadedDocument

from .base import ParsedFile, has_text

# suffix -> (module of this package, its loader). A module is imported when a file of
# its format is first read: pdfplumber, BeautifulSoup and python-docx together cost
# ~0.25 s of start-up that a folder of text files never needs.
LOADERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "load_text"),
    ".md": ("text", "load_text"),
    ".markdown": ("text", "load_text"),
    ".html": ("html", "load_html"),
    ".htm": ("html", "load_html"),
    ".docx": ("docx", "load_docx"),
    ".pdf": ("pdf", "load_pdf"),
}
SUPPORTED_SUFFIXES = tuple(LOADERS)
_HINTS = {
    ".doc": "旧版 Word .doc 不支持，请另存为 .docx",
    ".wps": "WPS 文档不支持，请另存为 .docx",
    ".xls": "表格文件不支持", ".xlsx": "表格文件不支持",
}

__all__ = ["load_document", "SUPPORTED_SUFFIXES"]


def load_document(path: Path, max_bytes: int) -> LoadedDocument:
    """Read one report file. The size is checked before anything is read."""
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        hint = _HINTS.get(suffix, f"支持的格式：{' '.join(SUPPORTED_SUFFIXES)}")
        raise LoadError(source, f"不支持的文件类型 {suffix or '（无扩展名）'}：{hint}")
    if not path.exists():
        raise LoadError(source, "文件不存在")
    if not path.is_file():
        raise LoadError(source, "不是文件（可能是文件夹）")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(source, f"文件过大：{_mb(size)}，上限为 {_mb(max_bytes)}")
        if size == 0:
            raise LoadError(source, "文件为空（0 字节）")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(source, f"无法读取文件：{exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew between stat and read
        raise LoadError(source, f"文件过大：{_mb(len(data))}，上限为 {_mb(max_bytes)}")

    parsed = _loader(suffix)(data, source)
    if not any(has_text(block.text) for block in parsed.blocks):
        raise LoadError(source, "文件没有可读取的文字内容（为空或只有空白）")
    return LoadedDocument(
        source=source,
        blocks=parsed.blocks,
        content_hash=hashlib.sha256(data).hexdigest(),
        encoding=parsed.encoding,
        title_hint=parsed.title_hint,
    )


def _loader(suffix: str) -> Callable[[bytes, str], ParsedFile]:
    module, name = LOADERS[suffix]
    return getattr(importlib.import_module(f".{module}", __package__), name)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} 字节"
