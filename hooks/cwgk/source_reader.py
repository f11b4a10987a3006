"""Read a record file: bytes → text (with encoding diagnosis) → YAML data plus source positions.

Union staff save files from Windows Notepad and Excel and type Chinese with an input method, so
the three most common mistakes are caught before YAML sees the text, with a message that says
what happened: a non-UTF-8 encoding, a full-width colon after a key, and tabs used for indenting.

Scalars follow YAML 1.2 core rules rather than PyYAML's YAML 1.1 ones: dates stay text (the
models parse them, so an impossible date gets a field-level message rather than a crash), `yes`
/`no`/`on`/`off` stay text, numbers with leading zeros (准考证号 0012) stay text, and decimals are
read as exact `Decimal` values (money never passes through float).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Position = tuple[int, int]  # 1-based line and column
FieldPath = tuple[str | int, ...]


@dataclass
class SourceDocument:
    """A parsed file: its data and where each value and key stands in the text."""

    file: str
    data: Any
    positions: Mapping[FieldPath, Position] = field(default_factory=dict)

    text: Callable[[], str] | None = None  # the file's text, when a message needs a line in it

    def locate(self, path: FieldPath) -> Position | None:
        """Position of the deepest part of `path` that exists in the file."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos:
                return pos
        return None

    def locate_text(self, path: FieldPath, needle: str) -> Position | None:
        """Where `needle` stands inside the value at `path` (a line of a `正文: |` block, say);
        the value's own position when it cannot be found there (folded or escaped text)."""
        start = self.locate(path)
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return start
        if start is None or not needle or self.text is None or not isinstance(value, str):
            return start
        lines = self.text().splitlines()
        for number in range(start[0] - 1, min(len(lines), start[0] + value.count("\n") + 1)):
            column = lines[number].find(needle)
            if column >= 0:
                return (number + 1, column + 1)
        return start


class LazyPositions(Mapping[FieldPath, Position]):
    """Positions found only when a message needs one: a record read from the cache keeps its
    data, and its text is parsed again only to point at a line."""

    def __init__(self, find: Callable[[], Mapping[FieldPath, Position]]):
        self._find = find
        self._found: Mapping[FieldPath, Position] | None = None

    def _positions(self) -> Mapping[FieldPath, Position]:
        if self._found is None:
            try:
                self._found = self._find()
            except ReadFailed:  # changed on disk meanwhile: no line to show
                self._found = {}
        return self._found

    def __getitem__(self, path: FieldPath) -> Position:
        return self._positions()[path]

    def __iter__(self) -> Iterator[FieldPath]:
        return iter(self._positions())

    def __len__(self) -> int:
        return len(self._positions())


class ReadFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


_UTF8_BOM = b"\xef\xbb\xbf"


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without the BOM Notepad writes) or a clear diagnosis of what it is."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = guess_encoding(raw)
        raise ReadFailed(
            [
                Problem(
                    file=file,
                    line=line,
                    message=f"文件不是 UTF-8 编码，看起来是 {guess}，第 {line} 行起无法按 UTF-8 读取",
                    expected=(
                        "UTF-8 编码。用记事本打开该文件，选择“另存为”，在“编码”中选“UTF-8”后保存；"
                        "或在 VS Code 右下角点击编码名称，选择“通过编码重新打开”→ GBK，"
                        "再选择“通过编码保存”→ UTF-8"
                    ),
                )
            ]
        ) from None


def guess_encoding(raw: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, in words union staff recognise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16（Excel“Unicode 文本”格式）"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and re.search(r"[\u4e00-\u9fff]", text):
        return "GBK/GB18030（Windows 记事本或 Excel 默认的“ANSI”中文编码）"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        return best.encoding.upper().replace("_", "-")
    return "未知编码"


# A key followed by a full-width colon where YAML expects `: `. Keys in records are short words
# without spaces; the check skips comments and text inside quotes or block scalars is rare enough
# in key position that a false alarm there is unlikely.
_FULLWIDTH_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:：#'\"\-][^\s:：#]{0,19})\s*：")
_TAB_INDENT = re.compile(r"^[ ]*\t")
# 文号:工字〔2024〕12号 — a key and its value with no space after the colon: YAML reads the whole
# line as one text and fails on the next line. Not a time (17:30) or an address (http://).
_NO_SPACE_KEY = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:：#'\"\-\[{\d][^\s:：#]{0,19}):(?=[^\s/])"
)


def prescan(text: str, file: str) -> list[Problem]:
    problems: list[Problem] = []
    in_block_scalar_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if in_block_scalar_indent is not None:
            if stripped and indent <= in_block_scalar_indent:
                in_block_scalar_indent = None
            else:
                continue
        if _TAB_INDENT.match(line):
            problems.append(
                Problem(
                    file=file,
                    line=number,
                    column=line.index("\t") + 1,
                    message="行首使用了制表符（Tab）缩进，YAML 不允许",
                    expected="用空格缩进（每级 2 个空格）；在编辑器中把 Tab 替换为空格",
                )
            )
        match = _FULLWIDTH_KEY.match(line)
        if match and not stripped.startswith("#") and ": " not in line.split("：", 1)[0]:
            key = match.group("key")
            problems.append(
                Problem(
                    file=file,
                    line=number,
                    column=match.end(),
                    field=key,
                    message=f"「{key}」后面用了中文全角冒号“：”，YAML 只认英文半角冒号",
                    expected=f"{key}: （英文冒号“:”后加一个空格）",
                )
            )
        match = _NO_SPACE_KEY.match(line)
        if match and not stripped.startswith("#") and ": " not in line:
            key = match.group("key")
            problems.append(
                Problem(
                    file=file,
                    line=number,
                    column=match.end(),
                    field=key,
                    message=f"「{key}」后面的英文冒号“:”之后缺少空格，YAML 把这一整行当成了一段文字",
                    expected=f"{key}: {line[match.end() :].strip()}（冒号后加一个空格）",
                )
            )
        if re.search(r":\s*[|>][-+]?\s*(#.*)?$", line):
            in_block_scalar_indent = indent
    return problems


# libyaml's parser when PyYAML was built with it (about 20× faster); marks and tags are the same.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PositionLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose scalars follow YAML 1.2 core schema (see module docstring)."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # Tags are not used (plain scalars are resolved in _plain_scalar); skipping PyYAML's
        # resolver, which libyaml calls back for every node, makes history reading ~10% faster.
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


# Drop the YAML 1.1 implicit resolvers; we resolve plain scalars ourselves.
_PositionLoader.yaml_implicit_resolvers = {}

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)?\.[0-9]+$|^[-+]?(0|[1-9][0-9]*)\.$")


def _plain_scalar(value: str) -> Any:
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _DECIMAL.match(value):
        return Decimal(value)
    return value


def _to_python(
    node: yaml.Node, path: FieldPath, positions: dict[FieldPath, Position], file: str
) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        # Plain scalars are resolved by our own YAML 1.2 rules; libyaml marks them with style "".
        if node.style in (None, ""):
            return _plain_scalar(node.value)
        return node.value  # quoted or block scalar: always text
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*path, index), positions, file)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _node_problem(key_node, file, "不支持 YAML 合并键 <<", "逐项写出字段")
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                raise _node_problem(key_node, file, "字段名必须是文字", "字段名: 值")
            if key in result:
                raise _duplicate_key(node, key_node, value_node, file)
            result[key] = _to_python(value_node, (*path, key), positions, file)
        return result
    raise _node_problem(node, file, "无法识别的内容", "字段名: 值")  # pragma: no cover


def _duplicate_key(
    mapping: yaml.MappingNode, again: yaml.Node, value: yaml.Node, file: str
) -> ReadFailed:
    """A key written twice; for a list (更正说明 added at the end of a file that already has
    one, even an empty `更正说明: []`), how to join the two."""
    key = again.value
    first_key, first_value = next((k, v) for k, v in mapping.value if k.value == key)
    first = first_key.start_mark.line + 1
    message = f"字段「{key}」重复出现（第 {first} 行已经有「{key}」）"
    if isinstance(value, yaml.SequenceNode) and isinstance(first_value, yaml.SequenceNode):
        if not first_value.value:
            expected = f"删去第 {first} 行空的「{key}: []」，只留这里的一处"
        else:
            expected = (
                f"只写一次「{key}:」：把这里“- ”开头的各项移到第 {first} 行的「{key}:」下面"
                f"（接在原有各项之后），再删去这一行「{key}:」"
            )
    else:
        expected = "每个字段只写一次；删除或合并重复的一项"
    return _node_problem(again, file, message, expected, field=key)


def _node_problem(
    node: yaml.Node, file: str, message: str, expected: str, field: str = ""
) -> ReadFailed:
    return ReadFailed(
        [
            Problem(
                file=file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                field=field,
                message=message,
                expected=expected,
            )
        ]
    )


_YAML_MESSAGES = {
    "could not find expected ':'": "这一行缺少“字段名: 值”中的英文冒号，或上一行的引号没有闭合",
    "mapping values are not allowed": "这里不能出现冒号；若值本身含英文冒号，请给整个值加引号",
    "found character '\\t' that cannot start any token": "出现了制表符（Tab）",
    "found undefined alias": "引用了未定义的锚点（*）",
    "did not find expected key": "缩进不一致，或列表项（-）与字段混在同一层",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了",
    "found unknown escape character": "双引号中出现了未知的转义符“\\”；路径请用单引号",
    "expected <block end>, but found '-'": "列表项（-）的缩进与上文不一致",
    "found unexpected ':'": "冒号位置不对；若值本身含英文冒号，请给整个值加引号",
}


MAX_DEPTH = 12  # a record's deepest value (a row's field in a table) is 3–4 levels down
_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
# Only a text with one of these can hold an anchor, alias or tag (& * ! after a space, a line
# break or a flow bracket: 张* is text), or nest deeper than MAX_DEPTH (many flow brackets, or
# deep indentation): the others skip the token scan. Substring tests: a few µs for a record.
_TOKEN_STARTS = tuple(before + sign for sign in "&*!" for before in " \n[{,")
_DEEP_INDENT = "\n" + " " * (2 * MAX_DEPTH - 2)


def _may_use_unneeded(text: str) -> bool:
    return (
        text.startswith(("&", "*", "!"))
        or any(start in text for start in _TOKEN_STARTS)
        or _DEEP_INDENT in text
        or text.count("[") + text.count("{") > MAX_DEPTH
    )


def unneeded_features(text: str, file: str) -> list[Problem]:
    """YAML features no record needs, refused before they cost anything: anchors and aliases
    (a few hundred bytes of nested aliases expand to gigabytes), tags (`!foo`, `!!binary`) and
    nesting deeper than MAX_DEPTH (thousands of levels overflow any recursive reader)."""
    if not _may_use_unneeded(text):
        return []
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):  # tokens only: nothing is built
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return [
                    _mark_problem(
                        token.start_mark,
                        file,
                        f"不支持 YAML 锚点和引用（{sign}{token.value}）",
                        "把内容在每处直接写出来，不用 & 和 *；若值本身以 & 或 * 开头，请给整个值加引号",
                    )
                ]
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                return [
                    _mark_problem(
                        token.start_mark,
                        file,
                        f"不支持 YAML 标签（{handle or ''}{suffix or ''}）",
                        "去掉以 ! 开头的标签，直接写值；若值本身以 ! 开头，请给整个值加引号",
                    )
                ]
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    return [
                        _mark_problem(
                            token.start_mark,
                            file,
                            f"层次太深：超过 {MAX_DEPTH} 层嵌套",
                            "记录最多是“字段 → 表格 → 行 → 字段”几层；检查括号 [ ] { } 是否成对、缩进是否正确",
                        )
                    ]
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return []  # a syntax error: the parser reports it with its own message
    return []


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=2048)  # each version's text is asked for by the diffs on both sides of it
def without_comments(text: str) -> str:
    """The text without its YAML comments, as the raw diffs show it: whole-line comments (the
    editor's notes, the `# yaml-language-server: $schema=` line) are dropped and trailing ones cut
    off. A `#` inside a quoted or block scalar (a Markdown heading in `正文: |`) is text and stays.
    The tokens say where scalars end; text YAML cannot read loses only lines starting with `#`."""
    if "#" not in text:
        return text
    lines = _LINE_BREAK.split(text)
    inside: set[int] = set()  # lines wholly within a scalar that spans lines
    code_end = [0] * (len(lines) + 1)  # per line: the column where its last token ends
    try:
        if any(c in text for c in "\x85\u2028\u2029"):  # line breaks to YAML, not to us
            raise yaml.YAMLError
        for token in yaml.scan(text, Loader=_BaseLoader):  # tokens only: nothing is built
            start, end = token.start_mark, token.end_mark
            if end.line > start.line:
                if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                    # Block scalar: after its indicator, its header line may carry a comment.
                    code_end[start.line] = max(code_end[start.line], start.column + 1)
                else:
                    inside.add(start.line)
                inside.update(range(start.line + 1, end.line))
            code_end[end.line] = max(code_end[end.line], end.column)
    except yaml.YAMLError:
        return "\n".join(line for line in lines if not line.startswith("#"))
    kept = []
    for number, line in enumerate(lines):
        cut = None if number in inside else _comment_start(line, code_end[number])
        if cut is None:
            kept.append(line)
        elif line[:cut].strip():
            kept.append(line[:cut].rstrip())
        # else: a comment on a line of its own, dropped
    return "\n".join(kept)


def _comment_start(line: str, after: int) -> int | None:
    """Where a comment begins on the line: a `#` at its start or after a space, past the last token."""
    at = line.find("#", after)
    while at >= 0:
        if at == 0 or line[at - 1] in " \t":
            return at
        at = line.find("#", at + 1)
    return None


# Characters YAML refuses anywhere: NUL and the other C0/C1 controls (pasted from other programs).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def control_characters(text: str, file: str) -> list[Problem]:
    problems = []
    for match in list(_CONTROL.finditer(text))[:5]:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            Problem(
                file=file,
                line=line,
                column=column,
                message=f"有不可见的控制字符（U+{ord(match.group()):04X}），YAML 不允许",
                expected="删除该字符（常随复制粘贴带入）：在编辑器中显示不可见字符，或删掉这一处重新输入",
            )
        )
    return problems


def _mark_problem(mark: Any, file: str, message: str, expected: str) -> Problem:
    return Problem(
        file=file,
        line=mark.line + 1,
        column=mark.column + 1,
        message=message,
        expected=expected,
    )


class Refused(ReadFailed):
    """Text refused before YAML reads it: nothing for the syntax explanations to add."""


_UNCLOSED = {
    "while parsing a flow sequence": ("[", "]"),
    "while parsing a flow mapping": ("{", "}"),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str = "") -> Problem:
    """A YAML syntax error in Chinese, at the line to fix: an unclosed [ or { is reported by
    the parser where it gave up (the next line); the bracket's own line is the one to fix."""
    context = str(exc.context or "")
    unclosed = next((pair for en, pair in _UNCLOSED.items() if context.startswith(en)), None)
    gave_up = "did not find expected ','" in str(exc.problem or "")
    if unclosed and gave_up and exc.context_mark is not None:
        mark = exc.context_mark
        opening, closing = unclosed
        return Problem(
            file=file,
            line=mark.line + 1,
            column=mark.column + 1,
            message=f"“{opening}”没有闭合：这一行的列表要在同一行以“{closing}”结束",
            expected=f"在这一行末尾补上“{closing}”，例如 发布机构: [公司工会, 财务部]",
        )
    problem_text = str(exc.problem or "")
    if (
        problem_text.startswith("could not find expected ':'")
        and context.startswith("while scanning a simple key")
        and exc.context_mark is not None
    ):  # the parser gives up on the next line; the line without its colon is the one to fix
        mark = exc.context_mark
        lines = text.splitlines()
        written = lines[mark.line].strip() if mark.line < len(lines) else ""
        word = re.match(r"[^\s:：]+", written)
        shown = written if len(written) <= 30 else written[:29] + "…"
        return Problem(
            file=file,
            line=mark.line + 1,
            column=mark.column + 1,
            message=f"这一行“{shown}”缺少“字段名: 值”中的英文冒号",
            expected=(f"{word.group(0)}: 值（英文冒号后加一个空格）" if word else "字段名: 值")
            + "；若这一行是上一行的值写到了下一行，在它前面加两个空格缩进",
        )
    mark = exc.problem_mark or exc.context_mark
    explained = next(
        (zh for en, zh in _YAML_MESSAGES.items() if problem_text.startswith(en)),
        f"YAML 格式错误（{problem_text}）",
    )
    return Problem(
        file=file,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        message=explained,
        expected="每行写成“字段名: 值”，同一层的字段左对齐，用空格缩进",
    )


def parse_yaml(text: str, file: str) -> SourceDocument:
    refused = control_characters(text, file) or unneeded_features(text, file)
    if refused:
        raise Refused(refused)
    try:
        node = yaml.compose(text, Loader=_PositionLoader)
    except yaml.MarkedYAMLError as exc:
        raise ReadFailed([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:  # composer errors without marks, e.g. several documents
        raise ReadFailed(
            [Problem(file=file, message=f"YAML 格式错误（{exc}）", expected="每个文件只写一条记录")]
        ) from None
    if node is None:
        raise ReadFailed(
            [Problem(file=file, message="文件是空的", expected="一条公开记录的各个字段")]
        )
    positions: dict[FieldPath, Position] = {}
    data = _to_python(node, (), positions, file)
    return SourceDocument(file=file, data=data, positions=positions, text=lambda: text)


MAX_RECORD_BYTES = 1024 * 1024  # the largest demo record is 6 KB; a 2,000-person list is ~500 KB


def read_source(path: Path, display: str) -> SourceDocument:
    """Read one record file; raise ReadFailed with every problem the text shows.

    The full-width-colon and tab scan only explains a failure: a `：` in key position always breaks
    the YAML (or leaves a document that is not a mapping), while the same character inside a text
    value is legitimate and must not be flagged.
    """
    size = path.stat().st_size
    if size > MAX_RECORD_BYTES:
        raise ReadFailed(
            [
                Problem(
                    file=display,
                    line=1,
                    message=f"文件太大（{size // 1024} KB），一条记录最多 {MAX_RECORD_BYTES // 1024} KB",
                    expected="检查是否误粘贴了大段内容；很长的名单拆成几条记录，文件作为附件放进 site_src/files/",
                )
            ]
        )
    return parse_source(path.read_bytes(), display)


def parse_source(raw: bytes, display: str) -> SourceDocument:
    """The bytes of a record file (at most MAX_RECORD_BYTES) as a document; raises ReadFailed."""
    text = decode(raw, display)
    try:
        doc = parse_yaml(text, display)
    except Refused:
        raise
    except ReadFailed:
        problems = prescan(text, display)
        if problems:
            raise ReadFailed(problems) from None
        raise
    if not isinstance(doc.data, dict):
        problems = prescan(text, display)
        if problems:
            raise ReadFailed(problems)
    return doc
