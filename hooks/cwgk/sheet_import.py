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
    "人数": ("人员数", "职工人数"),
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
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
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


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


# ---- reading ---------------------------------------------------------------------------------


def read_sheets(path: Path) -> list[Sheet]:
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
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
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


def _find_header(sheet: Sheet, names: list[str]) -> tuple[int, dict[int, str]] | None:
    """The row naming the most fields (the lower one of a two-row merged header)."""
    best: tuple[int, dict[int, str]] | None = None
    for number, row in enumerate(sheet.rows[:20]):
        found: dict[int, str] = {}
        for col, cell in enumerate(row):
            name = match_header(cell, names)
            if name and name not in found.values():
                found[col] = name
        if len(found) >= 2 and (best is None or len(found) >= len(best[1])):
            best = (number, found)
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


def _is_total(row: list[Any]) -> bool:
    first = next((c for c in row if c not in (None, "")), None)
    return isinstance(first, str) and first.replace(" ", "").replace("　", "") in TOTAL_WORDS


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
            return _rows(path, sheet, header, row_model, names, spec.amount)
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
    header: tuple[int, dict[int, str]],
    row_model: type[BaseModel],
    names: list[str],
    amount: str | None,
) -> Imported:
    from .validate import translate_error

    number, columns = header
    out = Imported()
    head_row = sheet.rows[number]
    out.columns = {name: f"{column_letter(c)}列「{head_row[c]}」" for c, name in columns.items()}
    out.ignored = [
        f"{column_letter(c)}列「{cell}」"
        for c, cell in enumerate(head_row)
        if cell not in (None, "") and c not in columns and (c == 0 or head_row[c - 1] != cell)
    ]
    out.title = _title(sheet.rows[:number], names)
    where = f"工作表「{sheet.name}」"
    required = [
        n for n, i in zip(names, row_model.model_fields.values(), strict=True) if i.is_required()
    ]
    missing = [n for n in required if n not in columns.values()]
    if missing:
        out.problems.append(
            Problem(
                file=path.name,
                line=number + 1,
                field="、".join(missing),
                message=f"{where}第{number + 1}行的表头中没有“{'”“'.join(missing)}”列",
                expected="加上这些列，或把表头改成这些名称",
            )
        )
        return out
    for r, row in enumerate(sheet.rows[number + 1 :], start=number + 2):
        if all(c in (None, "") for c in row):
            continue
        if _is_total(row):
            col = next((c for c, n in columns.items() if n == amount), None)
            if col is not None and col < len(row):
                out.total = _cell(row[col], amount or "")
            continue
        values = {n: _cell(row[c], n) for c, n in columns.items() if c < len(row)}
        values = {k: v for k, v in values.items() if v is not None}
        try:
            typed = row_model.model_validate(values)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                loc, message, expected = translate_error(dict(item), row_model)
                name = str(loc[0]) if loc else ""
                col = next((c for c, n in columns.items() if n == name), None)
                cell = f"{column_letter(col)}列「{head_row[col]}」" if col is not None else name
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
                line=number + 1,
                message=f"{where}表头下面没有数据行",
                expected="表头下面每行一条",
            )
        )
    return out


# ---- the record -------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})年(?:度)?(第[一二三四]季度|上半年|下半年|全年|1[0-2]月|[1-9]月)?")


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
    return values
