"""Problems found in input: one shape for every stage, formatted in Chinese."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str = ""  # dotted field path in the record's own (Chinese) keys, e.g. 部门明细[2].金额
    message: str = ""  # what is wrong
    expected: str = ""  # what would be right
    severity: str = dataclasses.field(default="错误", compare=False)
    # Lines to paste into the file as they are (valid YAML), printed after the message.
    example: str = dataclasses.field(default="", compare=False)

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [f"{where}: {self.severity}"]
        if self.field:
            parts.append(f"字段「{self.field}」")
        text = " ".join(parts) + f"：{self.message}"
        if self.expected:
            text += f"（应为：{self.expected}）"
        if self.example:
            text += "\n" + self.example.rstrip("\n")
        return text


class ValidationFailed(Exception):
    """Raised by the pipeline when any input is wrong; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self, building: bool = True, preview: bool = False) -> str:
        """Every problem under one head line; `building`: the head says the site was left as it
        was (a build or the server's), which `check` — never building — does not say; `preview`:
        the preview (`cwgk serve`) publishes nothing, its pages were left as they were."""
        files = {p.file for p in self.problems}
        head = f"发现 {len(self.problems)} 处错误（涉及 {len(files)} 个文件）"
        if preview:
            head += "，预览未更新，改正后保存文件即可："
        else:
            head += "，网站未生成，已发布的网站保持不变：" if building else "，改正后再提交："
        return "\n".join([head, *(p.format() for p in self.problems)])


def display_path(path: Path, root: Path) -> str:
    """Path as union staff see it in their git client: relative, forward slashes."""
    # A link is named as it stands in the folder, not by where it points. Resolving costs a
    # system call per folder level: only when the plain path is not under the root.
    text, top = os.fspath(path), os.fspath(root)
    if os.path.isabs(text) and os.path.isabs(top) and _plain(text) and _plain(top):
        prefix = top.rstrip(os.sep) + os.sep  # (pathlib's way, for 5,000 files a run: 0.2 s)
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _plain(text: str) -> bool:
    """A path pathlib would give back as it is: no "." or ".." parts, no doubled separators."""
    return os.path.normpath(text) == text and (os.altsep is None or os.altsep not in text)


def format_field_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # people count rows from 1
        else:
            out += ("." if out else "") + part
    return out
