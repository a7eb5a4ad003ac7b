"""`python -m assistant index PATH...`: add report files (or folders of them) to the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from core.settings import Settings
from core.store import Store


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir

    parser = sub.add_parser(
        "index", help="index report files or folders (.txt .md .html .docx .pdf)",
        description="索引年报文件或文件夹。未改变的文件会跳过，改变的文件会替换旧内容，"
                    "无法读取的文件会列出原因，已索引的内容不会丢失。")
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from index.pipeline import index_paths

    store = Store.open(settings)
    bar = tqdm(total=0, unit="file", file=sys.stderr, disable=None)

    def progress(done: int, total: int, current: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(current[-40:], refresh=True)

    summary = index_paths(args.paths, store, settings, progress=progress)
    bar.close()
    print(f"新增 {len(summary.added)} 份，替换 {len(summary.replaced)} 份，"
          f"跳过 {len(summary.skipped)} 份（未改变），拒绝 {len(summary.refused)} 份；"
          f"写入段落 {summary.paragraphs} 个、数字 {summary.figures} 个。")
    for name in summary.added:
        print(f"  + {name}")
    for name in summary.replaced:
        print(f"  ~ {name}")
    for name in summary.skipped:
        print(f"  = {name}")
    for name, reason in summary.refused:
        print(f"  ✗ {name}：{reason}", file=sys.stderr)
    return 1 if summary.refused else 0
