"""The command line: `python -m assistant COMMAND ...`.

This module only parses arguments, builds the settings once, and turns library errors
into a clean message; each command lives in its own module with `add_parser` and `run`
(and an `EXAMPLES` epilog, shown by `--help`).

Exit codes (README "Command line"): 0 done; 1 done, but something the command was asked
to do failed (a file refused by `index`, a question failed in `ask --batch`, an item
wrong in `eval`); 2 the command could not run (bad arguments, store unavailable, another
writer holding the store too long, unreadable input); 130 interrupted (Ctrl-C). Output
closed early (`reports --json | head`) ends quietly with 0: the reader had what it
wanted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from core.errors import AssistantError, EncoderProcessError, LoadError, StoreError
from core.offline import offline_environment
from core.settings import Settings

# command name -> module of assistant.cli that defines it
COMMANDS = {"index": "index_cmd", "reports": "reports_cmd", "figures": "figures_cmd",
            "ask": "ask", "eval": "eval", "feedback": "feedback_cmd"}


EPILOG = """examples:
  python -m assistant index corpus/
  python -m assistant reports
  python -m assistant figures --office 北沟街道 --year 2017
  python -m assistant ask "北沟街道2017年主动公开了多少条政府信息？"
  python -m assistant eval ../shared/eval/seeds_qa.jsonl --reports corpus

exit codes: 0 done · 1 done, but a file was refused / a question failed / an eval item
was wrong · 2 could not run (bad arguments, store unavailable) · 130 interrupted"""


def subparser(sub: argparse._SubParsersAction, name: str, examples: str,
              **kwargs) -> argparse.ArgumentParser:
    """A command's parser, its `--help` ending with examples (kept as written)."""
    return sub.add_parser(name, epilog="examples:\n" + examples.strip("\n"),
                          formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="政府信息公开年报问答助手：索引年报、查询数字、带引用的问答。",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"assistant.cli.{module_name}")
        module.add_parser(sub)
    return parser


def add_index_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index-dir", type=str, default=None,
                        help="folder of the embedded Chroma store (default: GOVQA_INDEX_DIR or data/index)")


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "index_dir", None):
        overrides["index_dir"] = args.index_dir
    return Settings(**overrides)


def main(argv: Sequence[str] | None = None) -> int:
    offline_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = settings_from(args)
        code = int(args.func(args, settings) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return code
    except BrokenPipeError:
        # `reports --json | head`: the reader stopped reading. Point stdout at devnull
        # so the interpreter's own flush at exit does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except LoadError as exc:
        print(f"错误：无法读取 {exc.source}：{exc.reason}", file=sys.stderr)
    except StoreError as exc:
        print(f"错误：索引库不可用：{exc}", file=sys.stderr)
    except EncoderProcessError as exc:
        print(f"错误：编码进程出错，索引已停止（已写入的报告完整保留）：{exc}", file=sys.stderr)
    except AssistantError as exc:
        print(f"错误：{exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("已中断。已写入的报告完整保留，下次运行会清理未完成的部分。", file=sys.stderr)
        return 130
    return 2
