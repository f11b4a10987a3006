"""The one-direction pipeline: read → validate → enrich → render. MkDocs and the CLI both call it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import collector, parallel
from .catalogue import catalogue, overdue_problems
from .clock import at_day, run_moment
from .enrich import Entry, enrich
from .git_history import IGNORE_FILE, HistoryUnavailable, RepoHistory
from .history import (
    Histories,
    ProblemLookup,
    disabled,
    look_up_problems,
    problems_looked_up,
    read_histories,
    read_repository,
)
from .history_cache import ResultCache, ShardedCache, code_stamp, pack, unpack
from .known_files import KnownFiles, now_ns, stamp_of
from .models.opinion import Opinion
from .paths import real_path
from .personal_data import Finding, official_texts, scan
from .problems import Problem, ValidationFailed, display_path, format_field_path
from .publication import edition_of
from .record_template import claimed_index_numbers
from .settings import SiteSettings, history_mode
from .source_reader import (
    MAX_RECORD_BYTES,
    LazyPositions,
    ReadFailed,
    SourceDocument,
    decode,
    parse_source,
    read_source,
)
from .validate import (
    ValidOpinion,
    ValidRecord,
    duplicate_index_numbers,
    index_claim,
    replacement_hints,
    sanitiser_problems,
    validate_collection,
    validate_document,
    validate_opinions,
)
from .validated_cache import KeptDocument, Outcome, ValidatedCache

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

    def now(self) -> datetime:
        """This run's moment (clock.py): made by whoever starts the run, then passed down."""
        return run_moment(self.settings.timezone)


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
    repo: RepoHistory | None = None  # the repository's walk the histories were read from


def _outside_link(path: Path, data_dir: Path) -> str:
    """Where a symbolic link that leaves the data folder points ("" when it does not)."""
    if not path.is_symlink():  # rglob does not enter linked folders: only a file can be a link
        return ""
    target = path.resolve()
    try:
        target.relative_to(real_path(data_dir))
    except ValueError:
        return str(target)
    return ""


def record_files(data_dir: Path) -> list[Path]:
    # Files and folders starting with "_" or "." are drafts/tooling, not records.
    return sorted(Path(name) for name, _ in _record_files(str(data_dir)))


def _record_files(folder: str) -> Iterator[tuple[str, str]]:
    # scandir: the file type comes with the listing, no system call per file. Linked folders
    # are not entered (like rglob) but listed, to be refused with a message; a linked file is
    # listed and checked by _outside_link.
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.startswith(("_", ".")):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _record_files(entry.path)
            elif entry.is_symlink() and entry.is_dir():
                yield entry.path, "folder"  # refused by read_records, never skipped
            elif os.path.splitext(entry.name)[1].lower() in RECORD_SUFFIXES and entry.is_file():
                yield entry.path, "link" if entry.is_symlink() else "file"


@dataclass
class DataFile:
    """A record file as this run found it. `cwgk check` lists the data folder once, for its
    verdict's fingerprint (check_memo.py) and for the check itself.

    `digest`: of the file's bytes (None: a linked folder, or unreadable). The bytes are read
    when the scan found the file changed, or when they are first asked for (known_files.py)."""

    path: Path
    kind: str  # "file", "link" (a linked file) or "folder" (a linked folder: refused)
    stat: tuple[int, int]  # size and mtime_ns, taken before reading; (-1, -1): unreadable
    digest: bytes | None
    _raw: bytes | None = field(default=None, repr=False)

    @property
    def raw(self) -> bytes | None:
        """The file's bytes; what is read now is what the digest is of from then on."""
        if self._raw is None and self.digest is not None:
            try:
                with open(self.path, "rb") as stream:
                    self._raw = stream.read()
            except OSError:
                self.digest = None
                return None
            self.digest = ResultCache.key(self._raw)
        return self._raw


def scan_data(data_dir: Path, cache_dir: Path | None = None) -> list[DataFile]:
    """Every record file of the data folder, in record_files' order: its bytes, or only their
    digest when `cache_dir` knows them unchanged since the last run (known_files.py)."""
    known = KnownFiles(cache_dir / "known-files.pickle" if cache_dir else None)
    read_at = now_ns(cache_dir)  # before any file is read, by the data's file system's clock
    found = []
    for name, kind in sorted(_record_files(str(data_dir)), key=lambda e: Path(e[0])):
        if kind == "folder":
            found.append(DataFile(Path(name), kind, (-1, -1), None))
            continue
        try:
            status = os.stat(name)
            stamp = stamp_of(status)
            digest = known.digest(name, stamp)
            if digest is not None:
                found.append(DataFile(Path(name), kind, stamp[:2], digest))
                continue
            with open(name, "rb") as stream:
                raw = stream.read()
        except OSError:  # gone or unreadable: read_records names it, with what to do
            found.append(DataFile(Path(name), kind, (-1, -1), None))
            continue
        digest = ResultCache.key(raw)
        known.read(name, stamp, digest, read_at)
        found.append(DataFile(Path(name), kind, stamp[:2], digest, raw))
    known.save()
    return found


def _written_index_numbers(raw: bytes) -> set[str]:
    """The 索引号 a file that cannot be read seems to hold: an opinion or a link naming it is
    not also reported (the file's own problem says what to fix)."""
    texts = [raw.decode("utf-8-sig", errors="replace"), raw.decode("gb18030", errors="replace")]
    return set(claimed_index_numbers(texts))  # (GBK: Notepad, Excel)


def _unreadable(shown: str) -> Problem:
    return Problem(
        file=shown,
        message="无法读取这个文件",
        expected="检查文件是否被其他程序占用或没有读取权限，关闭后再试",
    )


def personal_data_problems(
    doc: SourceDocument, findings: list[tuple[tuple[Any, ...], Finding]]
) -> list[Problem]:
    """Personal data typed anywhere in a record: refused, with the masked form to use."""
    problems = []
    for path, finding in findings:
        position = doc.locate_text(path, finding.text)  # the line inside a 正文: | block
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


# A record file parsed, the personal data found in it, and the key of its bytes and name.
Read = tuple[SourceDocument, list[tuple[tuple[Any, ...], Finding]], bytes]


def _read(
    path: Path, shown: str, official: frozenset[str], cache: ShardedCache, raw: bytes, key: bytes
) -> Read:
    """A record file parsed, and the personal data in it; raises ReadFailed.

    Kept by the file's bytes: `check` before a commit parses again only what was edited. The
    positions of values are not kept (they are most of the size): found again when a message
    needs a line."""
    kept = cache.get(key)
    if not isinstance(kept, bytes):
        doc = parse_source(raw, shown)
        kept = pack((doc.data, list(scan(doc.data, official))))
        cache.put(key, kept)
    data, findings = unpack(kept)  # as the cache gives it back, in a first run too (see pack)
    return SourceDocument(shown, data, _positions(path, shown), _text(path, shown)), findings, key


def _positions(path: Path, shown: str) -> LazyPositions:
    return LazyPositions(lambda: read_source(path, shown).positions)


def _text(path: Path, shown: str) -> Any:
    return lambda: decode(path.read_bytes(), shown)


def _kept_document(path: Path, shown: str, cache: ShardedCache, key: bytes) -> KeptDocument:
    """The SourceDocument of a file whose validation was kept: its data read when asked for."""

    def load() -> Any:
        kept = cache.get(key)
        return unpack(kept)[0] if isinstance(kept, bytes) else read_source(path, shown).data

    cache.touch(key)  # its parsed data stay in the cache for the next run
    return KeptDocument(shown, _positions(path, shown), _text(path, shown), load)


def validate_file(
    doc: SourceDocument, findings: list[tuple[tuple[Any, ...], Finding]], rules: Any
) -> Outcome:
    """One parsed file's validation, with what it warns of (kept: validated_cache.py)."""
    record, found = validate_document(doc, rules)
    dropped: list[Problem] = []
    estimated: list[Problem] = []
    if record is not None and not found:
        dropped = sanitiser_problems(doc, record)
        found = [p for p in dropped if p.severity == "错误"]  # text the page would lose
        if not found and not isinstance(record, Opinion):
            period = record.notice_period
            if period is not None and period.estimated:
                estimated = [_estimated_end(ValidRecord(record, doc, Path(doc.file)))]
    return Outcome(
        record,
        found,
        personal_data_problems(doc, findings),
        estimated,
        dropped,
        index_claim(doc.data),
    )


@dataclass
class RecordsRead:
    records: list[ValidRecord]
    opinions: list[ValidOpinion]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)  # each file's, then across records


def read_records(
    project: Project,
    timings: Timings | None = None,
    kept: dict[Any, Any] | None = None,
    lazy: bool = False,
    files: list[DataFile] | None = None,
    remembered: bool = True,
) -> RecordsRead:
    """Every record file read and validated, on its own and across records (no history).

    Each file's validation is kept by its name and bytes (validated_cache.py): a file validated
    by an earlier run is not parsed or validated again; the checks across records always run.
    `lazy` (`cwgk check`): such records come as KeptRecords, unpickled only where needed.
    `kept` (a preview, between rebuilds): the same, in memory. `files`: the data folder as the
    caller already read it (scan_data). `remembered=False` (`cwgk check --full`): every file is
    validated again (and kept for the next run)."""
    timings = timings or Timings()
    read = RecordsRead([], [], [])
    problems, records, opinions = read.problems, read.records, read.opinions
    if not project.data_dir.is_dir():
        problems.append(
            Problem(
                file=project.settings.data_dir,
                message="记录目录不存在",
                expected="在 mkdocs.yml 旁建立 data/ 目录",
            )
        )
        return read
    official = official_texts(
        [project.settings.default_contact], project.settings.official_contacts
    )
    rules = project.settings.notice_rules
    folder = project.root / ".cache" / "cwgk"
    if files is None:
        files = scan_data(project.data_dir, folder)
    # Each file, with its document and outcome when kept (None: parsed and validated below).
    documents: list[tuple[Path, SourceDocument | None, bytes, Outcome | None]] = []
    with timings.stage("load"):
        cache = ShardedCache(folder / "documents", code_stamp(repr(sorted(official))))
        memo = ValidatedCache(folder / "validated", repr(project.settings))
        fresh: list[tuple[Path, str, bytes, bytes]] = []
        for found in files:
            path = found.path
            shown = display_path(path, project.root)
            if found.kind == "folder":
                problems.append(
                    Problem(
                        file=shown,
                        message=f"这是指向文件夹 {path.resolve()} 的链接，其中的记录不读取",
                        expected=f"把记录文件本身放进 {project.settings.data_dir}/ 下的文件夹，不要用文件夹快捷方式或链接",
                    )
                )
                continue
            outside = _outside_link(path, project.data_dir) if found.kind == "link" else ""
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
            if found.digest is None:
                problems.append(_unreadable(shown))
                continue
            if found.stat[0] > MAX_RECORD_BYTES:
                try:
                    read_source(path, shown)  # refused there, with the size
                except ReadFailed as failed:
                    problems += failed.problems
                    continue
            key = ResultCache.key(shown.encode("utf-8") + b"\0" + found.digest)
            outcome = kept.get(key) if kept is not None else None
            if outcome is None and remembered:
                outcome = memo.get(key, lazy)
            if outcome is None:
                raw = found.raw  # (read now if the scan knew it by its digest)
                if raw is None or len(raw) > MAX_RECORD_BYTES:
                    problems.append(_unreadable(shown))  # (changed meanwhile: gone or grown)
                    continue
                key = ResultCache.key(shown.encode("utf-8") + b"\0" + found.digest)
                fresh.append((path, shown, raw, key))
                documents.append((path, None, key, None))
            else:
                doc = _kept_document(path, shown, cache, key)
                documents.append((path, doc, key, outcome if lazy else outcome.eager()))
        parsed: dict[bytes, Read] = {}
        unreadable: set[str] = set()  # 索引号 written in files that cannot be read
        for path, shown, raw, key in fresh:
            try:
                parsed[key] = _read(path, shown, official, cache, raw, key)
            except ReadFailed as failed:
                problems += failed.problems
                unreadable |= _written_index_numbers(raw)
        cache.save()
    with timings.stage("validate"):
        made: dict[bytes, Outcome] = {}
        refused: set[str] = set(unreadable)  # 索引号 of records refused on their own
        claims: list[tuple[SourceDocument, Any]] = []
        estimated: list[Problem] = []
        dropped: list[Problem] = []
        for path, doc, key, outcome in documents:
            if outcome is None:
                if key not in parsed:
                    continue  # could not be read: said above
                doc, findings, _ = parsed[key]
                outcome = validate_file(doc, findings, rules)
                memo.put(key, outcome)
            assert doc is not None
            made[key] = outcome
            claims.append((doc, outcome.claim))
            problems += outcome.problems
            problems += outcome.personal
            record = outcome.record
            if isinstance(record, Opinion) and not outcome.problems:
                opinions.append(ValidOpinion(opinion=record, source=doc, path=path))
            elif record is not None and not outcome.problems:
                records.append(ValidRecord(record=record, source=doc, path=path))
                estimated += outcome.estimated
                dropped += outcome.dropped
            elif outcome.claim is not None and outcome.claim[1]:
                refused.add(str(outcome.claim[1]).strip())
        memo.save()
        if kept is not None:
            kept.clear()
            kept.update(made)
        problems += duplicate_index_numbers(claims)
        # A link or an opinion naming a record refused on its own is not also an error.
        problems += validate_collection(records, project.docs_dir, frozenset(refused))
        problems += validate_opinions(opinions, records, frozenset(refused))
    # As the check has always listed them: estimated ends, replacement hints, dropped HTML.
    read.warnings = [*estimated, *replacement_hints(records), *dropped]
    return read


def check(
    project: Project,
    timings: Timings | None = None,
    strict: bool = True,
    moment: datetime | None = None,
    forking: bool = True,
    problems_only: bool = False,
    kept: dict[str, Any] | None = None,
    files: list[DataFile] | None = None,
    remembered: bool = True,
) -> Checked:
    """Read and validate every record and its history; collect every problem of every file.

    `problems_only` (`cwgk check`): the histories' problems only, no histories (a record whose
    history has not changed since the last check is not read again: history._ProblemMemo).

    `kept` (a preview's state between rebuilds): what the last rebuild validated and dated,
    reused for the files and histories that have not changed (read_records, read_histories).

    `forking`: a first run with nothing cached may parse old versions in a second process (not
    in a preview, whose server runs threads).

    `strict` (build, check, CI): a major change without a 更正说明 is an error. Preview passes
    False so the page can show what is missing while the note is being written."""
    timings = timings or Timings()
    moment = moment or project.now()
    wanted = project.data_dir.is_dir() and history_mode(project.settings) != "off"
    lookup = None
    if wanted and problems_only and forking and parallel.available():
        # `cwgk check`: the kept walk loaded and each file's history looked up in a second
        # process while this one reads the records (the two were a second, one after the other).
        files = files if files is not None else scan_data(project.data_dir, _cache(project))
        lookup = parallel.in_child(partial(_look_up_problems, project, moment, strict, files))
        wanted = False
    with ThreadPoolExecutor(max_workers=1) as pool:
        # git walks the repository in its own processes while we read the files: on two cores
        # most of the history's wall time is hidden behind reading and validating.
        repository = pool.submit(_read_repository, project, moment, timings) if wanted else None
        if kept is not None and kept.get("settings") != repr(project.settings):
            kept.clear()  # other rules or contacts: everything is checked again
            kept["settings"] = repr(project.settings)
        read = read_records(
            project,
            timings,
            kept.setdefault("records", {}) if kept is not None else None,
            lazy=problems_only,
            files=files,
            remembered=remembered,
        )
        records, problems = read.records, read.problems
        collector.settle()
        looked_up = lookup() if lookup is not None else None  # (never left running)
        if not project.data_dir.is_dir():
            return Checked(records, problems)
        checked = Checked(records, problems, moment=moment, opinions=read.opinions)
        # Estimated 公示期 ends, a 已修订 制度 that cannot link onward, what the sanitiser drops
        # from a body: named, never silent.
        checked.warnings += read.warnings
        if not problems and project.settings.catalogue:
            rows = catalogue(project.settings.catalogue, [r.record for r in records], moment.date())
            checked.warnings += overdue_problems(rows, moment.date())
        if problems or (repository is None and looked_up is None):
            return checked
        with timings.stage("history"):
            if looked_up is not None:  # (`cwgk check`: see above)
                if looked_up.failed:
                    problems.append(
                        Problem(file=project.settings.data_dir, message=looked_up.failed)
                    )
                    return checked
                checked.histories = problems_looked_up(
                    looked_up,
                    records,
                    moment,
                    strict,
                    project.settings.notice_rules,
                    project.root / ".cache" / "cwgk",
                    project.settings.name_display,
                    edition_of(project.settings.edition),
                )
            else:
                assert repository is not None
                try:
                    repo = repository.result()
                except HistoryUnavailable as unavailable:
                    problems.append(
                        Problem(file=project.settings.data_dir, message=str(unavailable))
                    )
                    return checked
                checked.repo = repo
                checked.histories = read_histories(
                    records,
                    repo,
                    moment,
                    strict,
                    project.settings.notice_rules,
                    project.root / ".cache" / "cwgk",
                    project.settings.name_display,
                    edition_of(project.settings.edition),
                    forking=forking and parallel.available(),
                    problems_only=problems_only,
                    kept=kept.setdefault("histories", {}) if kept is not None else None,
                )
    collector.settle()
    for problem in checked.histories.problems:
        (problems if problem.severity == "错误" else checked.warnings).append(problem)
    return checked


def _cache(project: Project) -> Path:
    return project.root / ".cache" / "cwgk"


def _look_up_problems(
    project: Project, moment: datetime, strict: bool, files: list[DataFile]
) -> ProblemLookup:
    listed = [
        (found.path, display_path(found.path, project.root))
        for found in files
        if found.kind != "folder"
    ]
    return look_up_problems(
        project.data_dir,
        project.root / IGNORE_FILE,
        moment,
        strict,
        project.settings.notice_rules,
        project.root / ".cache" / "cwgk",
        project.settings.name_display,
        edition_of(project.settings.edition),
        listed,
    )


def _read_repository(project: Project, moment: datetime, timings: Timings) -> RepoHistory:
    with timings.stage("git"):  # in parallel with "load" and "validate"
        return read_repository(
            project.data_dir, project.root / IGNORE_FILE, moment, project.root / ".cache" / "cwgk"
        )


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
    # What made the pages, for the preview's fast lane (fast_preview.py) to make one again.
    moment: datetime | None = None
    renderer: Any = None
    repo: RepoHistory | None = None


def enriched(project: Project, checked: Checked, moment: datetime) -> list[Entry]:
    """The checked records as the site shows them at `moment` (history, calendar, opinions,
    names as the policy shows them, this edition's records only)."""
    return enrich(
        checked.records,
        moment,
        project.settings.calendar,
        checked.histories,
        [o.opinion for o in checked.opinions],
        project.settings.name_display,
        edition_of(project.settings.edition),
    )


def build(
    project: Project,
    on: date | None = None,
    timings: Timings | None = None,
    strict: bool = True,
    forking: bool = True,
    kept: dict[str, Any] | None = None,
) -> BuildResult:
    """Everything MkDocs needs from our side; raises ValidationFailed and renders nothing on error.

    The run's moment is made here, once (clock.py), and handed to every stage; `on` pins the
    build day (noon of it, as CWGK_TODAY does). `forking`: False in a preview, whose server runs
    threads; `kept`: the preview's state between rebuilds (see check). Record pages are made
    when MkDocs reads them (render.Pages)."""
    timings = timings or Timings()
    moment = at_day(on, project.settings.timezone) if on is not None else project.now()
    checked = check(project, timings, strict=strict, moment=moment, forking=forking, kept=kept)
    if checked.problems:
        raise ValidationFailed(checked.problems)
    # Imported here, outside the timed stages: `check` (the pre-commit hook) needs no templates.
    from . import qr
    from .fragments import Fragments
    from .render import Renderer, make_environment

    with timings.stage("enrich"):
        entries = enriched(project, checked, moment)
    with timings.stage("render"):
        cache = project.root / ".cache" / "cwgk"
        env = make_environment(project.templates_dir, cache / "templates")
        fragments = Fragments(
            cache / "fragments.pickle", project.templates_dir, repr(project.settings)
        )
        renderer = Renderer(
            project.settings,
            env,
            moment,
            site_name=project.site_name,
            site_url=project.site_url,
            fragments=fragments,
        )
        qr.keep_in(cache / "qr-codes.pickle")
        site = renderer.render(entries, history_enabled=checked.histories.enabled)
        fragments.save()
        checked.histories.keep_digests()  # made with the pages' keys, in render
        qr.save_kept()  # the kiosk's codes; a record page's code is made with its page
    collector.settle()
    return BuildResult(
        entries=entries,
        site=site,
        timings=timings,
        warnings=checked.warnings,
        moment=moment,
        renderer=renderer,
        repo=checked.repo,
    )
