"""argparse in Chinese: `cwgk -h`, a missing argument or a mistyped command are read by union
staff, so the words argparse adds itself (usage, options, its error lines) are Chinese too."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's own error sentences (Python 3.11–3.13) → Chinese.
_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (
        re.compile(r"argument 命令: invalid choice: '?([^' ]+)'? \(choose from (.+)\)"),
        r"没有“\1”这个命令，应为以下之一：\2",
    ),
    (
        re.compile(r"argument (\S+): invalid choice: '?([^' ]+)'? \(choose from (.+)\)"),
        r"参数 \1 不能是“\2”，应为以下之一：\3",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面要写一个值"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"参数 \1 的值 \3 不对"),
    (re.compile(r"unrecognized arguments: (.+)"), r"不认识的参数：\1"),
    (re.compile(r"argument (\S+): (.+)"), r"参数 \1：\2"),
]


def translate(message: str) -> str:
    for pattern, chinese in _ERRORS:
        if pattern.fullmatch(message):
            return pattern.sub(chinese, message).replace("'", "").replace(", ", "、")
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出"
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n（用 {self.prog} -h 查看说明）\n")
