"""The one-direction pipeline: read → validate → enrich → render. MkDocs and the CLI both call it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .catalogue import catalogue, overdue_problems
from .enrich import Entry, enrich
from .git_history import IGNORE_FILE, HistoryUnavailable
from .history import Histories, disabled, read_histories
from .models.opinion import Opinion
from .personal_data import official_texts, scan
from .problems import Problem, ValidationFailed, display_path, format_field_path
from .publication import edition_of
from .settings import SiteSettings, history_mode, now
from .source_reader import ReadFailed, SourceDocument, read_source
from .validate import (
    ValidOpinion,
    ValidRecord,
    validate_collection,
    validate_document,
    validate_opinions,
)

if TYPE_CHECKING:
    from .render import RenderedSite

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass
class Project:
    """Where things are: everything is found relative to mkdocs.yml."""

    root: Path
    settings: SiteSettings
    docs_dir: Path
    theme_dir: Path | None = None  # mkdocs-material custom_dir; page templates are in its cwgk/
    site_name: str = "厂务公开"
    site_url: str = ""  # absolute links in feeds when set

    @property
    def templates_dir(self) -> Path:
        return (self.theme_dir or self.root / "theme_overrides") / "cwgk"

    @property
    def data_dir(self) -> Path:
        return self.root / self.settings.data_dir


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Checked:
    records: list[ValidRecord]
    problems: list[Problem]  # errors: nothing may be built
    histories: Histories = field(default_factory=disabled)
    warnings: list[Problem] = field(default_factory=list)
    moment: datetime | None = None  # the build's "now" the history was read at
    opinions: list[ValidOpinion] = field(default_factory=list)  # 意见与答复 on the records


def _outside_link(path: Path, data_dir: Path) -> str:
    """Where a symbolic link that leaves the data folder points ("" when it does not)."""
    target = path.resolve()
    try:
        target.relative_to(data_dir.resolve())
    except ValueError:
        return str(target)
    return ""


def record_files(data_dir: Path) -> list[Path]:
    # Files and folders starting with "_" or "." are drafts/tooling, not records.
    return sorted(
        p
        for p in data_dir.rglob("*")
        if p.suffix.lower() in RECORD_SUFFIXES
        and p.is_file()
        and not any(part.startswith(("_", ".")) for part in p.relative_to(data_dir).parts)
    )


def personal_data_problems(doc: SourceDocument, official: frozenset[str]) -> list[Problem]:
    """Personal data typed anywhere in a record: refused, with the masked form to use."""
    problems = []
    for path, finding in scan(doc.data, official):
        position = doc.locate(path)
        problems.append(
            Problem(
                file=doc.file,
                line=position[0] if position else None,
                column=position[1] if position else None,
                field=format_field_path(path),
                message=f"疑似{finding.kind}“{finding.text}”：个人信息不得公开（个人信息保护法）",
                expected=finding.advice,
            )
        )
    return problems


def read_records(
    project: Project, timings: Timings | None = None
) -> tuple[list[ValidRecord], list[ValidOpinion], list[Problem]]:
    """Every record file read and validated, on its own and across records (no history)."""
    timings = timings or Timings()
    problems: list[Problem] = []
    records: list[ValidRecord] = []
    opinions: list[ValidOpinion] = []
    if not project.data_dir.is_dir():
        problems.append(
            Problem(
                file=project.settings.data_dir,
                message="记录目录不存在",
                expected="在 mkdocs.yml 旁建立 data/ 目录",
            )
        )
        return records, opinions, problems
    with timings.stage("load"):
        documents = []
        for path in record_files(project.data_dir):
            shown = display_path(path, project.root)
            outside = _outside_link(path, project.data_dir)
            if outside:
                problems.append(
                    Problem(
                        file=shown,
                        line=1,
                        message=f"这是指向 {project.settings.data_dir}/ 以外的链接（{outside}），不读取",
                        expected=f"把记录文件本身放进 {project.settings.data_dir}/，不要用快捷方式或链接",
                    )
                )
                continue
            try:
                documents.append((path, read_source(path, shown)))
            except ReadFailed as failed:
                problems += failed.problems
    with timings.stage("validate"):
        rules = project.settings.notice_rules
        official = official_texts(
            [project.settings.default_contact], project.settings.official_contacts
        )
        for path, doc in documents:
            record, found = validate_document(doc, rules)
            problems += found
            problems += personal_data_problems(doc, official)
            if isinstance(record, Opinion) and not found:
                opinions.append(ValidOpinion(opinion=record, source=doc, path=path))
            elif record is not None and not found:
                records.append(ValidRecord(record=record, source=doc, path=path))
        problems += validate_collection(records, project.docs_dir)
        problems += validate_opinions(opinions, records)
    return records, opinions, problems


def check(
    project: Project,
    timings: Timings | None = None,
    strict: bool = True,
    moment: datetime | None = None,
) -> Checked:
    """Read and validate every record and its history; collect every problem of every file.

    `strict` (build, check, CI): a major change without a 更正说明 is an error. Preview passes
    False so the page can show what is missing while the note is being written."""
    timings = timings or Timings()
    records, opinions, problems = read_records(project, timings)
    if not project.data_dir.is_dir():
        return Checked(records, problems)
    checked = Checked(records, problems, moment=moment, opinions=opinions)
    checked.warnings += [_estimated_end(item) for item in records if _is_estimated(item)]
    if not problems and project.settings.catalogue:
        day = (moment or now(project.settings)).date()
        rows = catalogue(project.settings.catalogue, [r.record for r in records], day)
        checked.warnings += overdue_problems(rows, day)
    if problems or history_mode(project.settings) == "off":
        return checked
    with timings.stage("history"):
        try:
            checked.histories = read_histories(
                records,
                project.data_dir,
                project.root / IGNORE_FILE,
                moment or now(project.settings),
                strict,
                project.settings.notice_rules,
                project.root / ".cache" / "cwgk" / "history.pickle",
                project.settings.name_display,
                edition_of(project.settings.edition),
            )
        except HistoryUnavailable as unavailable:
            problems.append(Problem(file=project.settings.data_dir, message=str(unavailable)))
            return checked
    for problem in checked.histories.problems:
        (problems if problem.severity == "错误" else checked.warnings).append(problem)
    return checked


def _is_estimated(item: ValidRecord) -> bool:
    period = item.record.notice_period
    return period is not None and period.estimated


def _estimated_end(item: ValidRecord) -> Problem:
    period = item.record.notice_period
    assert period is not None
    position = item.source.positions.get(("公示期",))
    years = "、".join(str(y) for y in range(period.start.year, period.last_day.year + 1))
    return Problem(
        file=item.file,
        line=position[0] if position else None,
        field="公示期",
        message=f"尚未收录{years}年的法定节假日安排，公示期结束日期暂按周一至周五推算为 "
        f"{period.last_day.isoformat()}，页面上标明为暂定",
        expected="国家公布该年节假日安排后更新 chinesecalendar，或在 mkdocs.yml 的 "
        "extra.cwgk.holidays 中填写该年安排；也可以直接写“结束”日期",
        severity="提示",
    )


def advice(project: Project) -> list[Problem]:
    """Settings that are not wrong but leave something out; printed, never failing a build."""
    found = []
    if not project.site_url:
        found.append(
            Problem(
                file="mkdocs.yml",
                field="site_url",
                message="没有设置网站地址，车间看板上的二维码无法生成（看板只显示网址路径）",
                expected="site_url: 职工在手机上打开本站用的地址，例如 http://cwgk.example.cn/",
                severity="提示",
            )
        )
    return found


@dataclass
class BuildResult:
    entries: list[Entry]
    site: RenderedSite
    timings: Timings
    warnings: list[Problem]


def build(
    project: Project,
    on: date | None = None,
    timings: Timings | None = None,
    strict: bool = True,
    checked: Checked | None = None,
) -> BuildResult:
    """Everything MkDocs needs from our side; raises ValidationFailed and renders nothing on error.

    `on` pins the build day (tests); otherwise it is today in the site's timezone. `checked`:
    the result of `check` run just before (the CLI checks first), so nothing is read twice."""
    timings = timings or Timings()
    if checked is None or checked.moment is None:
        moment = now(project.settings)
        if on is not None:
            moment = moment.replace(year=on.year, month=on.month, day=on.day)
        checked = check(project, timings, strict=strict, moment=moment)
    moment = checked.moment or now(project.settings)
    if checked.problems:
        raise ValidationFailed(checked.problems)
    build_day = moment.date()
    # Imported here, outside the timed stages: `check` (the pre-commit hook) needs neither jieba
    # nor the templates.
    from .render import Renderer, make_environment
    from .search_terms import register_words

    with timings.stage("enrich"):
        entries = enrich(
            checked.records,
            build_day,
            checked.histories,
            [o.opinion for o in checked.opinions],
            project.settings.name_display,
            edition_of(project.settings.edition),
        )
        register_words(term for e in entries for term in e.record.search_terms())
    with timings.stage("render"):
        env = make_environment(project.templates_dir)
        renderer = Renderer(
            project.settings, env, moment, site_name=project.site_name, site_url=project.site_url
        )
        site = renderer.render(entries, history_enabled=checked.histories.enabled)
    return BuildResult(entries=entries, site=site, timings=timings, warnings=checked.warnings)
