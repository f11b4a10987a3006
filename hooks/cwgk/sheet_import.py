"""`cwgk import`: a spreadsheet (.xlsx or .csv, as union staff keep their lists) → a record file.

The table's columns are matched to the kind's row fields by their Chinese headers, tolerating the
usual variants (金额（元）, 金额/元, 部门名称, 发生金额); merged header cells are spread over the
columns they cover; empty rows are skipped; a 合计 row becomes the record's stated total (so the
build checks it against the rows); Excel dates and numbers become YAML dates and exact decimals.
Every cell is validated with the row model, and problems name the sheet, row and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .models import Envelope
from .models.envelope import ImportTable
from .models.schema import field_by_alias, inner_model
from .problems import Problem

# Other headers people give the same column (besides the field's own name, with or without a
# unit in brackets and with or without 名称).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "姓名": ("名字", "人员姓名"),
    "部门": ("所在部门", "单位", "所在单位", "部门单位"),
    "金额": ("发生金额", "费用", "支出金额", "实际金额", "合计金额", "奖金金额", "部门奖金"),
    "标准": ("月标准", "通讯费标准", "标准元月", "每月标准"),
    "月数": ("月份数", "发放月数"),
    "超标自担": ("个人承担", "个人自担", "超标部分"),
    "人数": ("人员数", "职工人数", "参与人数", "参与分配人数", "分配人数", "在岗人数"),
    "系数": ("部门系数",),
    "批次": ("接待批次",),
    "人次": ("接待人次",),
    "事由": ("主要事由", "接待事由"),
    "拟聘岗位": ("岗位", "应聘岗位", "报考岗位", "聘用岗位"),
    "录用情况": ("是否录用", "拟录用情况", "结果"),
    "准考证号": ("考号", "准考证"),
    "笔试成绩": ("笔试",),
    "面试成绩": ("面试",),
    "总成绩": ("综合成绩", "总分"),
    "毕业院校": ("毕业学校", "院校"),
    "学历": ("最高学历",),
    "出生年月": ("出生日期", "出生年月日"),
}
TOTAL_WORDS = ("合计", "总计", "共计")  # the grand total: the table ends there
SUBTOTAL_WORDS = ("小计",)  # a department's subtotal inside the table: skipped
# What finance writes under a table (制表人：张三, 制表日期：…, 审核：…, 注：…): not data.
FOOTER_WORDS = (
    "制表", "填表", "填报", "审核", "复核", "审批", "批准", "负责人", "单位负责人", "财务负责人",
    "会计主管", "经办", "出纳", "注：", "注:", "备注", "说明：", "说明:", "打印",
)  # fmt: skip
_UNIT = re.compile(r"[（(][^）)]*[）)]|[/／]\s*[元人月次%].*$|单位[:：].*$")


def header_key(text: str) -> str:
    """金额（元） → 金额, 部门名称 → 部门名称 (the name is tried with and without 名称)."""
    cleaned = _UNIT.sub("", str(text)).replace(" ", "").replace("　", "").replace("\n", "")
    return cleaned.strip()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # merged cells filled with their value


@dataclass
class Imported:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: Any = None  # the 合计 row's amount, if there was one
    title: str | None = None  # a title row above the header, if there was one
    columns: dict[str, str] = field(default_factory=dict)  # field → column letter and header
    ignored: list[str] = field(default_factory=list)  # headers no field took
    problems: list[Problem] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)  # rows under the table, not imported
    left_out: list[int] = field(default_factory=list)  # sheet rows the disclosure does not list
    left_out_reason: str = ""


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


# ---- reading ---------------------------------------------------------------------------------


def _cannot_read(path: Path, message: str, expected: str) -> ImportFailed:
    return ImportFailed([Problem(file=str(path), message=message, expected=expected)])


def read_sheets(path: Path) -> list[Sheet]:
    if not path.exists():
        raise _cannot_read(
            path,
            f"找不到文件“{path}”",
            "检查文件名（包括 .xlsx 或 .csv）；命令在项目文件夹中运行，表格不在这里时写出完整路径，"
            r"例如 D:\工会\通讯费.xlsx（路径中有空格时整个加上英文引号）",
        )
    if path.is_dir():
        raise _cannot_read(path, f"“{path}”是文件夹，不是表格文件", "文件夹中的 .xlsx 或 .csv 文件")
    try:
        with path.open("rb"):
            pass
    except OSError as error:  # on Windows, a workbook open in Excel is locked
        raise _cannot_read(
            path,
            f"无法打开“{path}”（{error.strerror or error}）",
            "先在 Excel 中关闭这个文件，再重新导入；仍不行时检查文件的读取权限",
        ) from None
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return [Sheet(path.stem, _read_csv(path))]
    raise ImportFailed(
        [
            Problem(
                file=path.name,
                message=f"不支持的文件类型“{path.suffix}”",
                expected="Excel 的 .xlsx 文件或 .csv 文件（.xls 请先在 Excel 中另存为 .xlsx）",
            )
        ]
    )


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)  # values, not formulas
    except Exception as error:
        raise ImportFailed(
            [
                Problem(
                    file=path.name,
                    message=f"无法读取这个 Excel 文件（{type(error).__name__}）",
                    expected="用 Excel 打开后另存为 .xlsx 再导入",
                )
            ]
        ) from None
    sheets = []
    for ws in book.worksheets:
        rows = [[_as_shown(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        for merged in ws.merged_cells.ranges:  # spread a merged header over what it covers
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    while len(rows) < r:
                        rows.append([])
                    while len(rows[r - 1]) < c:
                        rows[r - 1].append(None)
                    rows[r - 1][c - 1] = value
        sheets.append(Sheet(ws.title, rows))
    return sheets


_DECIMALS = re.compile(r"\.(0+)")


def _as_shown(value: Any, number_format: str | None) -> Any:
    """A number with the decimals its cell shows: finance writes coefficients as 1.00, 1.10
    and amounts as 480.50 (format 0.00), while Excel stores 1.0, 1.1 and 480.5."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value  # (a whole number comes back from the file as an int)
    if not number_format or number_format == "General":
        return value
    shown = _DECIMALS.search(number_format.split(";")[0])
    if shown is None:
        return value
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-len(shown.group(1))))


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise ImportFailed(
                [
                    Problem(
                        file=path.name,
                        message="无法识别这个 CSV 文件的编码",
                        expected="在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
                    )
                ]
            )
        text = str(best)
    return [list(row) for row in csv.reader(io.StringIO(text))]


# ---- matching --------------------------------------------------------------------------------


def _field_names(row_model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in row_model.model_fields.items()]


def match_header(text: Any, names: list[str]) -> str | None:
    if text is None:
        return None
    key = header_key(str(text))
    for name in names:
        if key in (name, name + "名称") or key in SYNONYMS.get(name, ()):
            return name
    return None


@dataclass
class Header:
    """Where the table's header is: one row, or two (成绩 over 笔试/面试), and what it names."""

    first: int  # index of the (upper) header row
    rows: int  # 1 or 2
    columns: dict[int, str]  # column → field
    labels: dict[int, str]  # column → its header text as shown in messages

    @property
    def data_start(self) -> int:
        return self.first + self.rows


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _header_of(upper: list[Any], lower: list[Any] | None, names: list[str]) -> Header:
    """The fields a header names: with a second row, each column is read from the lower cell,
    the two together (成绩 + 笔试 → 笔试成绩) or the upper one alone (a CSV keeps a merged cell's
    text in its first column only, so the lower row is empty under 姓名)."""
    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    width = max(len(upper), len(lower or []))
    for col in range(width):
        top = _text(upper[col]) if col < len(upper) else ""
        below = _text(lower[col]) if lower is not None and col < len(lower) else ""
        tries = [top] if lower is None else [below, top + below, top] if below else [top]
        for text in tries:
            name = match_header(text, names) if text else None
            if name and name not in columns.values():
                columns[col] = name
                labels[col] = text
                break
        else:
            label = "/".join(dict.fromkeys(t for t in (top, below) if t))
            if label:
                labels[col] = label
    return Header(0, 1 if lower is None else 2, columns, labels)


def _find_header(sheet: Sheet, names: list[str]) -> Header | None:
    """The header naming the most fields: one row, or two read together when that names more
    (a title row over the header adds nothing, so it stays the title)."""
    best: Header | None = None
    rows = sheet.rows[:20]
    for span in (1, 2):
        for number, row in enumerate(rows[: len(rows) - span + 1]):
            header = _header_of(row, rows[number + 1] if span == 2 else None, names)
            header.first = number
            found = len(header.columns)
            if found >= 2 and (best is None or found > len(best.columns)):
                best = header
    return best


def _cell(value: Any, name: str) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return f"{day.year:04d}-{day.month:02d}" if name == "出生年月" else day
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    return value


def _title(rows: list[list[Any]], names: list[str]) -> str | None:
    """A title row above the header: one text, usually merged across the table."""
    for row in rows:
        texts = {c.strip() for c in row if isinstance(c, str) and c.strip()}
        if len(texts) == 1 and match_header(next(iter(texts)), names) is None:
            return next(iter(texts))
    return None


def _first_text(row: list[Any]) -> str:
    first = next((c for c in row if c not in (None, "")), None)
    return str(first).replace(" ", "").replace("　", "") if isinstance(first, str) else ""


def _is_total(row: list[Any]) -> bool:
    return _first_text(row) in TOTAL_WORDS


def _is_subtotal(row: list[Any]) -> bool:
    return _first_text(row) in SUBTOTAL_WORDS


def _is_footer(row: list[Any]) -> bool:
    return _first_text(row).startswith(FOOTER_WORDS)


def _shown_row(row: list[Any]) -> str:
    return "　".join(_text(c) for c in row if _text(c))


def import_table(path: Path, kind: type[Envelope]) -> Imported:
    """The rows of the first sheet that has the kind's table; problems by sheet, row and column."""
    spec = kind.import_table
    assert spec is not None
    info = field_by_alias(kind, spec.rows)
    row_model = inner_model(info.annotation) if info else None
    assert row_model is not None
    names = _field_names(row_model)
    sheets = read_sheets(path)
    for sheet in sheets:
        header = _find_header(sheet, names)
        if header is not None:
            return _rows(path, sheet, header, row_model, names, spec)
    raise ImportFailed(
        [
            Problem(
                file=path.name,
                message=f"在{'、'.join('工作表「' + s.name + '」' for s in sheets)}中找不到{kind.kind_title}的表头",
                expected="表头一行写列名，例如 " + "、".join(names[:5]),
            )
        ]
    )


def _rows(
    path: Path,
    sheet: Sheet,
    header: Header,
    row_model: type[BaseModel],
    names: list[str],
    spec: ImportTable,
) -> Imported:
    from .validate import translate_error

    columns, labels = header.columns, header.labels
    out = Imported()
    out.columns = {name: f"{column_letter(c)}列「{labels[c]}」" for c, name in columns.items()}
    out.ignored = [
        f"{column_letter(c)}列「{label}」"
        for c, label in sorted(labels.items())
        if c not in columns and labels.get(c - 1) != label  # a merged cell spread: named once
    ]
    out.title = _title(sheet.rows[: header.first], names)
    where = f"工作表「{sheet.name}」"
    shown_line = header.data_start  # the last header row, counted from 1
    required = [
        n for n, i in zip(names, row_model.model_fields.values(), strict=True) if i.is_required()
    ]
    missing = [n for n in required if n not in columns.values()]
    if missing:
        out.problems.append(
            Problem(
                file=path.name,
                line=shown_line,
                field="、".join(missing),
                message=f"{where}第{shown_line}行的表头中没有“{'”“'.join(missing)}”列",
                expected="加上这些列，或把表头改成这些名称",
            )
        )
        return out
    left_field, left_values = spec.left_out or ("", ())
    ended = False  # after the 合计 row or the first footer row: nothing more is data
    for r, row in enumerate(sheet.rows[header.data_start :], start=header.data_start + 1):
        if all(c in (None, "") for c in row):
            continue
        if ended or _is_footer(row):
            ended = True
            out.footer.append(f"第{r}行「{_shown_row(row)}」")
            continue
        if _is_total(row):
            col = next((c for c, n in columns.items() if n == spec.amount), None)
            if col is not None and col < len(row):
                out.total = _cell(row[col], spec.amount or "")
            ended = True
            continue
        if _is_subtotal(row):
            continue
        values = {n: _cell(row[c], n) for c, n in columns.items() if c < len(row)}
        values = {k: v for k, v in values.items() if v is not None}
        if left_field and str(values.get(left_field, "")).strip() in left_values:
            out.left_out.append(r)
            out.left_out_reason = f"{left_field}为“{'”“'.join(left_values[:3])}”等"
            continue
        try:
            typed = row_model.model_validate(values)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                loc, message, expected = translate_error(dict(item), row_model)
                name = str(loc[0]) if loc else ""
                col = next((c for c, n in columns.items() if n == name), None)
                cell = f"{column_letter(col)}列「{labels[col]}」" if col is not None else name
                out.problems.append(
                    Problem(
                        file=path.name,
                        line=r,
                        field=name,
                        message=f"{where}第{r}行 {cell}：{message}",
                        expected=expected,
                    )
                )
            out.rows.append(values)
            continue
        # Written as the model reads it: 76,450.00 → 76450.00, an Excel date → 2024-03-05.
        out.rows.append(typed.model_dump(by_alias=True, exclude_unset=True))
    if not out.rows and not out.problems:
        out.problems.append(
            Problem(
                file=path.name,
                line=shown_line,
                message=f"{where}表头下面没有数据行",
                expected="表头下面每行一条",
            )
        )
    return out


# ---- the record -------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})年(?:度)?(第[一二三四]季度|上半年|下半年|全年|1[0-2]月|[1-9]月)?")


def _alias(kind: type[Envelope], name: str) -> str:
    info = kind.model_fields[name]
    return info.alias or name


def record_values(kind: type[Envelope], imported: Imported) -> dict[str, Any]:
    """What the sheet tells about the record besides its rows: title, period, total."""
    spec = kind.import_table
    assert spec is not None
    values: dict[str, Any] = {spec.rows: imported.rows}
    total = field_by_alias(kind, spec.total) if spec.total else None
    if imported.total is not None and total is not None:
        try:  # as the record will read it: "119,950.00" → 119950.00
            values[str(spec.total)] = TypeAdapter(total.annotation).validate_python(imported.total)
        except ValidationError:
            values[str(spec.total)] = imported.total  # check will say what is wrong with it
    if imported.title:
        title = re.sub(r"(部门)?(明细表|明细|一览表|汇总表|统计表|名单表|表)$", "", imported.title)
        values["标题"] = title if title.endswith(("公示", "公告")) else title + "公示"
        values["内容概述"] = f"公开{title}。"[:100]
        match = _PERIOD.search(imported.title)
        if match and "period" in kind.model_fields:
            values["期间"] = {"年度": int(match.group(1)), "区间": match.group(2) or "全年"}
        if match and "fiscal_year" in kind.model_fields:  # 奖金分配方案: 年度, 适用期间
            values[_alias(kind, "fiscal_year")] = int(match.group(1))
            if "applies_to" in kind.model_fields:
                values[_alias(kind, "applies_to")] = f"{match.group(1)}年{match.group(2) or '度'}"
    return values
