"""`python -m assistant index PATH...`: add report files (or folders of them) to the store.

`--office/--year/--level/--region` correct what was read from one file; `--manifest CSV`
corrects the files of a folder (index/manifest.py has the format and the rules)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from core.errors import AssistantError
from core.settings import Settings
from core.store import Store


FIELD_NAMES = {"office": "单位", "year": "年份", "level": "层级", "region": "地区"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir

    parser = sub.add_parser(
        "index", help="index report files or folders (.txt .md .html .docx .pdf)",
        description="索引年报文件或文件夹。未改变的文件会跳过，改变的文件会替换旧内容，"
                    "无法读取的文件会列出原因，已索引的内容不会丢失。")
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    fix = parser.add_argument_group(
        "corrections", "更正从文本中读出的单位/年份（保存在索引中，重新索引时继续有效）")
    fix.add_argument("--office", help="the office's full name, for a single file")
    fix.add_argument("--year", help="the year reported on (YYYY), for a single file")
    fix.add_argument("--level", help="部委 / 省级 / 地市级 / 区县 / 乡镇街道, for a single file")
    fix.add_argument("--region", help="region chain such as 安徽省/蚌埠市, for a single file")
    fix.add_argument("--manifest", type=Path,
                     help="CSV with columns file,office,year[,level,region] for a folder")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def corrections_from(args: argparse.Namespace):
    """The `corrections` callable for index_paths, or None when no correction was given."""
    from index.manifest import correction_of, read_manifest
    from index.pipeline import expand_paths

    single = correction_of(args.office, args.year, args.level, args.region)
    if single is not None:
        files = expand_paths(args.paths)
        if len(files) != 1 or args.manifest:
            raise AssistantError("--office/--year/--level/--region 只能用于单个文件；"
                                 "更正文件夹中的多份年报请用 --manifest 清单")
        return lambda path: single
    if args.manifest:
        manifest = read_manifest(args.manifest)
        for row in manifest.unmatched(expand_paths(args.paths)):
            print(f"  ⚠ 清单中的 {row} 不在要索引的文件中", file=sys.stderr)
        return manifest.get
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from index.pipeline import index_paths

    corrections = corrections_from(args)
    store = Store.open(settings)
    bar = tqdm(total=0, unit="file", file=sys.stderr, disable=None)

    def progress(done: int, total: int, current: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(current[-40:], refresh=True)

    summary = index_paths(args.paths, store, settings, progress=progress,
                          corrections=corrections)
    bar.close()
    print(f"新增 {len(summary.added)} 份，替换 {len(summary.replaced)} 份，"
          f"更正 {len(summary.corrected)} 份，"
          f"跳过 {len(summary.skipped)} 份（未改变），拒绝 {len(summary.refused)} 份；"
          f"写入段落 {summary.paragraphs} 个、数字 {summary.figures} 个。")
    for name in summary.added:
        print(f"  + {name}")
    for name in summary.replaced:
        print(f"  ~ {name}")
    for name, fields in summary.corrected:
        print(f"  ✎ {name}（更正：{'、'.join(FIELD_NAMES[f] for f in fields)}）")
    for name in summary.skipped:
        print(f"  = {name}")
    for name, reason in summary.refused:
        print(f"  ✗ {name}：{reason}", file=sys.stderr)
    return 1 if summary.refused else 0
