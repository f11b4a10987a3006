"""Validate parsed documents into typed records; every message in Chinese, located in the file.

Three layers, all reported in one run: types and formats (pydantic, translated below), rules
across fields of one record (`Envelope.violations`), rules across records (unique 索引号, links
between records, attachments on disk).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from .models import KIND_ALIASES, KIND_BY_TITLE, Envelope
from .models.opinion import Opinion
from .models.recruitment import RecruitmentPlan, RecruitmentResult
from .models.schema import field_by_alias, inner_model
from .models.simple_kinds import Regulation
from .problems import Problem, format_field_path
from .source_reader import FieldPath, SourceDocument
from .urls import record_slug
from .workdays import DEFAULT_RULES, NoticeRules

# Keys that must never appear in a record, whatever the kind (个人信息保护法; domain brief "Privacy").
PRIVATE_KEYS = {
    "身份证号": "身份证号码",
    "身份证": "身份证号码",
    "身份证号码": "身份证号码",
    "手机": "手机号码",
    "手机号": "手机号码",
    "手机号码": "手机号码",
    "电话号码": "个人电话号码",
    "联系电话": "个人电话号码",
    "家庭住址": "家庭住址",
    "住址": "家庭住址",
    "银行卡号": "银行卡号",
    "银行账号": "银行卡号",
}


# Every 类型 a file in data/ may have: the disclosures, and employees' opinions on them.
DOCUMENT_MODELS: dict[str, type[Envelope] | type[Opinion]] = {
    **KIND_BY_TITLE,
    Opinion.kind_title: Opinion,
}
DOCUMENT_ALIASES = {**KIND_ALIASES, "意见": "意见与答复", "意见答复": "意见与答复"}


@dataclass(frozen=True)
class ValidRecord:
    record: Envelope
    source: SourceDocument
    path: Path

    @property
    def file(self) -> str:
        return self.source.file


@dataclass(frozen=True)
class ValidOpinion:
    opinion: Opinion
    source: SourceDocument
    path: Path


def _type_name(value: Any) -> str:
    return {
        bool: "是/否",
        int: "整数",
        str: "文字",
        list: "列表",
        dict: "一组字段",
        type(None): "空值",
    }.get(type(value), "数字" if type(value).__name__ == "Decimal" else type(value).__name__)


def _describe_input(value: Any) -> str:
    if isinstance(value, dict | list):
        return _type_name(value)
    return f"“{value}”"


def _walk_schema(model: type[Envelope], loc: tuple[Any, ...]) -> tuple[Any, Any]:
    """Follow an error location through the models: (last field's info, model it leads into).

    Either may be None where the location leaves the declared schema (an unknown key, a list
    item of plain values)."""
    current: Any = model
    info: Any = None
    named = False  # the next part is a name the user chose (a kiosk profile's), not a field
    for part in loc:
        if isinstance(part, int) or named:
            named = False
            continue
        info = field_by_alias(current, part)
        named = info is not None and _is_mapping(info.annotation)
        if info is None:
            return None, None
        current = inner_model(info.annotation)
    return info, current


def _is_mapping(annotation: Any) -> bool:
    return get_origin(annotation) is dict


def translate_error(error: dict[str, Any], model: type[Envelope]) -> tuple[FieldPath, str, str]:
    """(field path, what is wrong, what is expected) for one pydantic error, in Chinese."""
    kind = error["type"]
    loc = tuple(
        p
        for p in error["loc"]
        if not (isinstance(p, str) and (p.startswith("function-") or p == "[key]"))
    )  # "[key]": a mapping's key itself is wrong (a kiosk profile's name)
    ctx = error.get("ctx") or {}
    value = error.get("input")
    info, _ = _walk_schema(model, loc)
    described = (info.description or "") if info else ""
    shown = _describe_input(value)

    if kind == "cwgk_rule":
        return loc, error["msg"], str(ctx.get("expected", described))
    if value is None and kind != "missing":  # a key written with nothing after it (a template)
        return loc, "还没有填写", described or "填写该字段"
    if kind == "missing":
        return loc, "缺少必填字段", described or "填写该字段"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        if key in PRIVATE_KEYS:
            return loc, f"不得公开{PRIVATE_KEYS[key]}（个人信息保护法）", "删除该字段"
        parent = loc[:-1]
        allowed = _allowed_keys(model, parent)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
        hint = f"是不是“{close[0]}”？" if close else ""
        return loc, f"不认识的字段「{key}」{hint}", "可用字段：" + "、".join(allowed)
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))  # pydantic's "'上半年', '下半年' or '全年'"
        choices = re.findall(r"'([^']*)'", expected) or [expected]
        return loc, f"{shown}不是可选的值", "以下之一：" + "、".join(choices)
    if kind in ("string_type", "str_type"):
        return loc, f"应为文字，却是{_type_name(value)}", described or "一段文字"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"{shown}不是整数", described or "整数，例如 12"
    if kind in (
        "decimal_type",
        "decimal_parsing",
        "float_type",
        "float_parsing",
        "decimal_not_finite",
    ):
        return loc, f"{shown}不是数字", described or "数字，例如 1234.50"
    if kind == "decimal_max_places":
        return (
            loc,
            f"{shown}的小数位太多（最多 {ctx.get('decimal_places')} 位）",
            "元保留到分，例如 1234.50",
        )
    if kind == "decimal_max_digits":
        return loc, f"{shown}位数太多", described
    if kind in ("greater_than_equal", "greater_than"):
        sign = "≥" if kind == "greater_than_equal" else ">"
        limit = ctx.get("ge", ctx.get("gt"))
        return loc, f"{shown}太小", f"{sign} {limit}" + (f"；{described}" if described else "")
    if kind in ("less_than_equal", "less_than"):
        sign = "≤" if kind == "less_than_equal" else "<"
        limit = ctx.get("le", ctx.get("lt"))
        return loc, f"{shown}太大", f"{sign} {limit}" + (f"；{described}" if described else "")
    if kind == "string_too_long":
        return loc, f"太长：{len(str(value))} 字，最多 {ctx.get('max_length')} 字", described
    if kind == "string_too_short":
        return loc, f"太短：至少 {ctx.get('min_length')} 个字", described or "填写该字段"
    if kind == "too_short":
        return loc, f"至少要有 {ctx.get('min_length')} 项", described
    if kind == "too_long":
        return loc, f"最多 {ctx.get('max_length')} 项", described
    if kind == "list_type":
        return loc, f"应为列表（每项以“- ”开头），却是{_type_name(value)}", described
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            loc,
            f"应为一组字段（下一行缩进写“字段名: 值”），却是{_type_name(value)} {shown}",
            described,
        )
    if kind in ("date_type", "date_parsing", "time_type", "time_parsing"):
        # Reached only with a list or mapping: text is handled by the field's own parser.
        hint = "；花括号 { } 和方括号 [ ] 在 YAML 中另有含义，日期直接写" if value else ""
        return loc, f"应为日期，却是{_type_name(value)}{hint}", "YYYY-MM-DD，例如 2024-03-05"
    if kind == "tuple_type":
        return loc, f"应为列表，却是{_type_name(value)}", described
    if kind == "string_pattern_mismatch":
        return loc, f"{shown}格式不对", described
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"{shown}不是“是/否”", "true 或 false"
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"])), described
    return loc, f"{shown}不符合要求（{error['msg']}）", described  # pragma: no cover - unforeseen


def _allowed_keys(model: type[Envelope], loc: tuple[Any, ...]) -> list[str]:
    _, parent = _walk_schema(model, loc) if loc else (None, model)
    # Records are keyed by Chinese aliases; site settings by attribute names.
    return [f.alias or name for name, f in parent.model_fields.items()] if parent else []


def _problem(doc: SourceDocument, path: FieldPath, message: str, expected: str) -> Problem:
    pos = doc.locate(path)
    return Problem(
        file=doc.file,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
        field=format_field_path(path),
        message=message,
        expected=expected,
    )


def validate_document(
    doc: SourceDocument, rules: NoticeRules = DEFAULT_RULES
) -> tuple[Envelope | Opinion | None, list[Problem]]:
    """One file as a typed record; `rules` say how long a 公示期 given only by its start lasts."""
    data = doc.data
    if not isinstance(data, dict):
        return None, [
            _problem(
                doc, (), "文件内容不是“字段名: 值”的记录", "每行写“字段名: 值”，例如 类型: 通知公告"
            )
        ]
    kind_name = data.get("类型")
    if kind_name is None:
        return None, [
            _problem(doc, (), "缺少「类型」", "类型: 以下之一：" + "、".join(DOCUMENT_MODELS))
        ]
    model = DOCUMENT_MODELS.get(str(kind_name))
    if model is None:
        guess = DOCUMENT_ALIASES.get(str(kind_name)) or next(
            iter(difflib.get_close_matches(str(kind_name), list(DOCUMENT_MODELS), n=1, cutoff=0.3)),
            None,
        )
        hint = f"是不是“{guess}”？" if guess else ""
        return None, [
            _problem(
                doc,
                ("类型",),
                f"未知的类型“{kind_name}”{hint}",
                "以下之一：" + "、".join(DOCUMENT_MODELS),
            )
        ]
    try:
        record = model.model_validate(data, context={"notice_rules": rules, "kind": kind_name})
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path, message, expected = translate_error(error, model)
            problems.append(_problem(doc, path, message, expected))
        return None, problems
    return record, [_problem(doc, v.path, v.message, v.expected) for v in record.violations()]


@functools.cache
def _markdown_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """A kind's Markdown fields: (attribute, name in the file)."""
    found = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("x-markdown"):
            found.append((name, info.alias or name))
    return tuple(found)


def sanitiser_problems(doc: SourceDocument, record: Envelope | Opinion) -> list[Problem]:
    """What the HTML sanitiser would remove from the record's Markdown fields, never silently:
    visible text lost (an error: the page would not say what the file says) and tags,
    attributes and link addresses dropped (a 提示), each at its line."""
    from .markdown_body import sanitiser_report  # the pre-commit check loads Markdown only here

    found = []
    for name, shown in _markdown_fields(type(record)):
        text = getattr(record, name)
        if not isinstance(text, str):
            continue
        report = sanitiser_report(text)
        if report is None:
            continue
        path: FieldPath = (shown,)
        pos = doc.locate_text(path, report.first)
        where = {
            "file": doc.file,
            "line": pos[0] if pos else None,
            "column": pos[1] if pos else None,
            "field": format_field_path(path),
        }
        removed = "、".join(report.dropped)
        if report.lost:
            lost = report.lost if len(report.lost) <= 40 else report.lost[:40] + "…"
            found.append(
                Problem(
                    **where,
                    message=f"其中的 HTML（{removed or '标签'}）会让后面的文字在网页上丢失：“{lost}”",
                    expected="删去这些 HTML 标签，用 Markdown 写：空行分段，“- ”开头为列表，“|”画表格",
                )
            )
        elif removed:
            found.append(
                Problem(
                    **where,
                    message=f"网页上不显示其中的 {removed}（出于安全考虑会被去掉，文字保留）",
                    expected="不需要时删去；图片和附件请放进 site_src/files/，用“附件”字段列出",
                    severity="提示",
                )
            )
    return found


def index_claim(data: Any) -> tuple[Any, Any] | None:
    """The 类型 and 索引号 a file's data names, as written (kept with its validation)."""
    return (data.get("类型"), data.get("索引号")) if isinstance(data, dict) else None


def duplicate_index_numbers(
    documents: list[tuple[SourceDocument, tuple[Any, Any] | None]],
) -> list[Problem]:
    """Two files with one 索引号 (or one URL), named in both — whether or not either file is
    otherwise valid yet: an unfinished file already holds its number. `documents`: each file
    with its index_claim."""
    claims: dict[str, list[tuple[SourceDocument, str]]] = defaultdict(list)
    for doc, claim in documents:
        if claim is None or claim[0] == Opinion.kind_title:
            continue
        number = claim[1]
        if isinstance(number, str) and number.strip():
            claims[record_slug(number.strip())].append((doc, number.strip()))
    problems: list[Problem] = []
    for group in claims.values():
        if len(group) < 2:
            continue
        for doc, number in group:
            others = "、".join(f"{d.file}（{n}）" for d, n in group if d is not doc)
            problems.append(
                _problem(
                    doc,
                    ("索引号",),
                    f"索引号“{number}”与 {others}重复",
                    "每条记录一个唯一的索引号：把其中一条改为下一个未使用的序号"
                    "（cwgk new 会自动取号）",
                )
            )
    return problems


def validate_collection(
    records: list[ValidRecord], site_src: Path, refused: frozenset[str] = frozenset()
) -> list[Problem]:
    """Rules that need more than one valid record: links between records, attachments.

    `refused`: 索引号 of records refused on their own (their errors are reported): a link to one
    is not reported as a link to nothing."""
    problems: list[Problem] = []
    index = {item.record.index_no: item for item in records}
    replaced: dict[str, ValidRecord] = {}  # 索引号 of a replaced regulation → its replacement
    for item in records:
        record = item.record
        if isinstance(record, RecruitmentResult) and record.plan_index_no:
            plan = index.get(record.plan_index_no)
            # A plan refused on its own: its own errors say what is wrong.
            missing = plan is None and record.plan_index_no not in refused
            if missing or (plan is not None and not isinstance(plan.record, RecruitmentPlan)):
                problems.append(
                    _problem(
                        item.source,
                        ("招聘方案",),
                        f"找不到索引号为“{record.plan_index_no}”的招聘人员方案",
                        "已发布的招聘人员方案的索引号",
                    )
                )
            else:
                problems += _check_against_plan(item, plan.record)
        if isinstance(record, Regulation) and record.replaces_index_no:
            problems += _check_replacement(item, index, replaced)
        for number, attachment in enumerate(record.attachments):
            if not (site_src / attachment.file).is_file():
                problems.append(
                    _problem(
                        item.source,
                        ("附件", number, "文件"),
                        f"附件文件“{attachment.file}”不存在",
                        f"把文件放到 {site_src.name}/{attachment.file}，或改正路径（注意大小写）",
                    )
                )
    return problems


def _check_replacement(
    item: ValidRecord, index: dict[str, ValidRecord], replaced: dict[str, ValidRecord]
) -> list[Problem]:
    """替代索引号 must name another regulation on the site, no longer in force, replaced once."""
    record = item.record
    assert isinstance(record, Regulation) and record.replaces_index_no
    named = record.replaces_index_no
    old = index.get(named)
    path: FieldPath = ("替代索引号",)
    if old is None:
        regulations = [k for k, v in index.items() if isinstance(v.record, Regulation)]
        close = difflib.get_close_matches(named, regulations, n=1, cutoff=0.6)
        hint = f"是不是“{close[0]}”？" if close else ""
        return [
            _problem(
                item.source,
                path,
                f"找不到索引号为“{named}”的公开事项{hint}",
                "本站已公开的原制度记录的索引号，例如 GH/2024-00011；原制度不在本站时删去这一行，"
                "只写“废止或替代”",
            )
        ]
    if not isinstance(old.record, Regulation):
        return [
            _problem(
                item.source,
                path,
                f"“{named}”（{old.file}）是{old.record.kind_title}，不是重要规章制度",
                "被本制度替代的原制度记录的索引号",
            )
        ]
    if named in replaced:
        return [
            _problem(
                item.source,
                path,
                f"“{named}”已由 {replaced[named].file}（{replaced[named].record.index_no}）替代",
                "每条原制度只能被一条记录替代：修订多次时，新版本写上一版本的索引号",
            )
        ]
    replaced[named] = item
    if old.record.validity == "有效":
        return [
            _problem(
                item.source,
                path,
                f"被替代的原制度 {named}（{old.file}）的有效性仍为“有效”",
                f"在 {old.file} 中改为“有效性: 已修订”（或“已废止”），并写一条更正说明",
            )
        ]
    return []


def replacement_hints(records: list[ValidRecord]) -> list[Problem]:
    """A 已修订 regulation no record says it replaces: its page cannot link to the version in
    force (a 提示: the new version may not be on the site)."""
    named = {
        item.record.replaces_index_no
        for item in records
        if isinstance(item.record, Regulation) and item.record.replaces_index_no
    }
    return [
        replace(
            _problem(
                item.source,
                ("有效性",),
                "制度已修订，但没有记录在“替代索引号”中写明替代它，页面无法链接到现行版本",
                f"在修订后的新制度记录中写“替代索引号: {item.record.index_no}”",
            ),
            severity="提示",
        )
        for item in records
        if isinstance(item.record, Regulation)
        and item.record.validity == "已修订"
        and item.record.index_no not in named
    ]


def validate_opinions(
    opinions: list[ValidOpinion],
    records: list[ValidRecord],
    refused: frozenset[str] = frozenset(),
) -> list[Problem]:
    """An opinion must concern a published disclosure, come after it, and point at a real
    correction; 编号 are unique. `refused`: as in validate_collection."""
    problems: list[Problem] = []
    index = {item.record.index_no: item.record for item in records}
    seen: dict[str, ValidOpinion] = {}
    for item in opinions:
        opinion = item.opinion
        if opinion.number in seen:
            problems.append(
                _problem(
                    item.source,
                    ("编号",),
                    f"编号“{opinion.number}”与 {seen[opinion.number].source.file} 重复",
                    "每条意见一个唯一的编号：改为下一个未使用的序号",
                )
            )
        seen.setdefault(opinion.number, item)
        record = index.get(opinion.about)
        if record is None and opinion.about in refused:
            continue  # the record's own errors say what is wrong
        if record is None:
            close = difflib.get_close_matches(opinion.about, list(index), n=1, cutoff=0.6)
            hint = f"是不是“{close[0]}”？" if close else ""
            problems.append(
                _problem(
                    item.source,
                    ("公开事项",),
                    f"找不到索引号为“{opinion.about}”的公开事项{hint}",
                    "本站已发布的公开事项的索引号，例如 GH/2026-00010",
                )
            )
            continue
        if opinion.received_on < record.published_on:
            problems.append(
                _problem(
                    item.source,
                    ("收到日期",),
                    f"收到日期 {opinion.received_on.isoformat()} 早于公开事项 {record.index_no} 的"
                    f"发布日期 {record.published_on.isoformat()}",
                    f"不早于 {record.published_on.isoformat()} 的日期",
                )
            )
        dates = [c.date for c in record.corrections]
        if opinion.correction_on and opinion.correction_on not in dates:
            known = "、".join(d.isoformat() for d in dates) or "（没有更正说明）"
            problems.append(
                _problem(
                    item.source,
                    ("据此更正",),
                    f"公开事项 {record.index_no} 没有日期为 {opinion.correction_on.isoformat()} 的更正说明",
                    f"该公开事项更正说明的日期之一：{known}",
                )
            )
    return problems


def _check_against_plan(item: ValidRecord, plan: RecruitmentPlan) -> list[Problem]:
    problems = []
    quota = {p.post: p.count for p in plan.posts}
    hired: dict[str, int] = defaultdict(int)
    result = item.record
    assert isinstance(result, RecruitmentResult)
    for index, person in enumerate(result.candidates):
        if person.post not in quota:
            problems.append(
                _problem(
                    item.source,
                    ("人员", index, "拟聘岗位"),
                    f"岗位“{person.post}”不在招聘方案 {plan.index_no} 中",
                    "以下之一：" + "、".join(quota),
                )
            )
            continue
        if person.outcome == "拟录用":
            hired[person.post] += 1
            if hired[person.post] == quota[person.post] + 1:
                problems.append(
                    _problem(
                        item.source,
                        ("人员", index, "录用情况"),
                        f"岗位“{person.post}”拟录用超过方案计划的 {quota[person.post]} 人",
                        f"不超过 {quota[person.post]} 人拟录用，其余写为替补",
                    )
                )
    return problems
