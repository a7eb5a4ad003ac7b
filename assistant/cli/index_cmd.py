"""`python -m assistant index PATH...`: add report files (or folders of them) to the store.

`--office/--year/--level/--region` correct what was read from one file; `--manifest CSV`
corrects the files of a folder (index/manifest.py has the format and the rules)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.encoders.loading import EncoderSpec
from core.encoders.process import EncoderProcess
from core.errors import AssistantError
from core.settings import Settings


FIELD_NAMES = {"office": "单位", "year": "年份", "level": "层级", "region": "地区"}


EXAMPLES = """
  python -m assistant index corpus/
  python -m assistant index 年报2019/ 年报2020/ --index-dir /tmp/my-index
  python -m assistant index 年度报告.txt --replace        # a new version of that report
  python -m assistant index report.txt --office 蚌埠市某镇 --year 2016
  python -m assistant index reports/ --manifest manifest.csv
exit code 1: at least one file was refused (the reasons are listed on stderr)"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(
        sub, "index", EXAMPLES,
        help="index report files or folders (.txt .md .html .docx .pdf)",
        description="索引年报文件或文件夹。报告以内容识别，而不是文件名：内容已在库中的文件跳过"
                    "（若由旧版程序索引或记录不完整则重建）；内容不同的文件作为另一份报告新增，"
                    "同名时另取名称（年度报告（2）.txt）；只有加 --replace 时，才用它替换库中同名的报告"
                    "（同一报告的新版本）。无法读取的文件会列出原因，已索引的内容不会丢失。"
                    "另一个进程正在写入时会等待它写完。")
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--replace", action="store_true",
                        help="a file whose content changed replaces the indexed report of the "
                             "same file name (a new version of it; its correction is kept)")
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
    # The encoder runs in a process of its own, so this one's Python never stalls it,
    # started before anything else, so its model loads while Chroma is imported here.
    with EncoderProcess(EncoderSpec.from_settings(settings)).start() as encoder:
        return _run(args, settings, encoder)


def _run(args: argparse.Namespace, settings: Settings, encoder: EncoderProcess) -> int:
    from tqdm import tqdm

    from core.store import Store
    from index.pipeline import index_paths

    corrections = corrections_from(args)
    store = Store.open(settings)
    bar = tqdm(total=0, unit="file", file=sys.stderr, disable=None)

    def progress(done: int, total: int, step) -> None:
        bar.total = total
        bar.n = done
        # the same words as the web library's progress bar (index/progress.py)
        bar.set_postfix_str(step.text, refresh=True)

    summary = index_paths(args.paths, store, settings, progress=progress,
                          corrections=corrections, replace_same_name=args.replace,
                          encoder=encoder)
    bar.close()
    print(f"新增 {len(summary.added)} 份，替换 {len(summary.replaced)} 份，"
          f"重建 {len(summary.rebuilt)} 份（程序已更新），修复 {len(summary.repaired)} 份，"
          f"更正 {len(summary.corrected)} 份，"
          f"跳过 {len(summary.skipped)} 份（未改变），拒绝 {len(summary.refused)} 份；"
          f"写入段落 {summary.paragraphs} 个、数字 {summary.figures} 个。")
    for name in summary.added:
        print(f"  + {name}")
    for file_name, name in summary.renamed:
        print(f"  ⚠ {file_name} 与库中已有的另一份报告同名，另存为 {name}；"
              f"如果它是那份报告的新版本，请删除 {name} 后加 --replace 重新索引")
    for name in summary.replaced:
        print(f"  ~ {name}")
    for name in summary.rebuilt:
        print(f"  ↻ {name}（由旧版程序索引，已重建）")
    for name in summary.repaired:
        print(f"  ↻ {name}（记录不完整，已修复）")
    for name, fields in summary.corrected:
        print(f"  ✎ {name}（更正：{'、'.join(FIELD_NAMES[f] for f in fields)}）")
    for name in summary.skipped:
        print(f"  = {name}")
    for name, reason in summary.refused:
        print(f"  ✗ {name}：{reason}", file=sys.stderr)
    return 1 if summary.refused else 0
