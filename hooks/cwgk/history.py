"""What git's versions of a record file mean for the disclosure: publication, corrections, notes.

The change-note rule (README, "修改记录"): every major change to a record that is already
published needs an entry in the record's own `更正说明` list — committed together with the change
(recommended), or added later with the 日期 of the commit that made the change. The note is part of
the disclosure: it is shown on the page, in the 更新记录 list and in the feeds. Minor changes need
no note and do not move 最后更新.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from . import parallel
from .git_history import (
    Commit,
    FileHistory,
    FileVersion,
    HistoryUnavailable,
    RepoHistory,
    read_history,
    read_ignore_file,
)
from .history_cache import (
    ResultCache,
    ShardedCache,
    code_stamp,
    pack,
    read_stamped,
    unpack,
    write_stamped,
)
from .models import KIND_BY_TITLE, Envelope
from .models.fields import NOTE_PLACEHOLDER, WITHDRAWAL_PLACEHOLDER, correction_example
from .name_policy import NameDisplay, mask_data, mask_record, mask_text, names_in
from .problems import Problem
from .publication import redact, withheld
from .record_diff import FieldChange, diff_documents, has_major
from .source_reader import ReadFailed, SourceDocument, decode, parse_yaml, without_comments
from .validate import ValidRecord, validate_document
from .validated_cache import whole
from .workdays import DEFAULT_RULES, NoticeRules

Event = Literal[
    "首次发布", "更正", "撤回", "废止", "标注已修订", "文字修订", "恢复发布", "无法读取"
]


@dataclass(frozen=True)
class Note:
    on: date
    text: str


@dataclass
class Version:
    number: int  # 1 = first publication
    commit: Commit | None  # None: uncommitted working-tree changes (preview)
    when: datetime
    event: Event
    changes: list[FieldChange] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_missing: bool = False
    text: str = ""
    deleted_before: Commit | None = None  # for a restored record: when it had been taken down
    absorbed: list[Commit] = field(default_factory=list)
    declared: bool = False  # a minor change published as a correction (a new 更正说明 came with it)
    validity: str = "有效"  # 有效性 as this version states it
    changes_major: bool = False  # set with `changes`: asked several times per version
    # Made only when a page shows them: `check` needs neither the typed record of an old version
    # nor the line diff, and they were most of what reading history cost.
    load_record: Callable[[], Envelope | None] = field(
        default=lambda: None, repr=False, compare=False
    )
    diff_from: tuple[str, str, str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def record(self) -> Envelope | None:
        """This version as a typed record, when it still validates (forget_record: its page
        is made)."""
        return self.load_record()

    def forget_record(self) -> None:
        self.__dict__.pop("record", None)

    @property
    def raw_text(self) -> str:
        """The file's text as the site shows it: without the editor's comments."""
        return without_comments(self.text)

    @property
    def text_diff(self) -> str:
        """The change to the file's text, line by line (names as the site shows them; the
        editor's comments left out, as they are not part of the disclosure). Not kept on the
        version (_text_diff keeps the last few thousand): a build makes each page once, and
        keeping every diff grew a 5,000-record build's memory as it made pages."""
        if self.diff_from is None:
            return ""
        old_text, old_name, new_name = self.diff_from
        return _text_diff(old_text, self.text, old_name, new_name)

    @property
    def major(self) -> bool:
        return self.declared or self.changes_major

    @property
    def committed(self) -> bool:
        return self.commit is not None

    @property
    def slug(self) -> str:
        """Permanent name of this version's page: date and commit, never renumbered."""
        sha = self.commit.short if self.commit else "uncommitted"
        return f"{self.when.date().isoformat()}-{sha}"

    @property
    def is_news(self) -> bool:
        """Listed on 更新记录 and in feeds: publications and major changes, not wording fixes."""
        return self.committed and (self.number == 1 or self.event == "恢复发布" or self.major)


@dataclass
class RecordHistory:
    versions: list[Version]  # oldest first
    # Put on the site after its own 发布日期 (e.g. older disclosures collected later): the first
    # version is when the site learned of it (收录到本站), not its publication (Entry.published_on).
    backfilled: bool = False
    digest: str | None = field(default=None, compare=False, repr=False)  # page_keys._history

    @property
    def updates(self) -> list[Version]:
        return self.versions[1:]

    @property
    def last_major(self) -> Version | None:
        """The latest major change after publication: what 最后更新于 shows."""
        return next((v for v in reversed(self.updates) if v.major), None)

    def validity_change(self, validity: str) -> Version | None:
        """The version that set 有效性 to its current value (已撤回, 已废止, 已修订), if recorded."""
        return next(
            (
                v
                for v in reversed(self.updates)
                if v.validity == validity and any(c.where == "有效性" for c in v.changes)
            ),
            None,
        )

    @property
    def uncommitted(self) -> bool:
        return not self.versions[-1].committed

    def fresh_correction(self, today: date, days: int) -> Version | None:
        latest = self.last_major
        if latest is None or latest.event not in ("更正", "恢复发布"):
            return None
        return latest if today - latest.when.date() <= timedelta(days=days) else None


def _notes(data: Any) -> list[Note]:
    found = []
    raw = data.get("更正说明") if isinstance(data, dict) else None
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            on = date.fromisoformat(str(item.get("日期", "")).strip())
        except ValueError:
            continue
        found.append(Note(on, str(item.get("说明", "")).strip()))
    return found


def _event(version: Version) -> Event:
    if not version.major:
        return "文字修订"
    if any(c.where == "有效性" for c in version.changes):
        return {"已撤回": "撤回", "已废止": "废止", "已修订": "标注已修订"}.get(
            version.validity, "更正"
        )
    return "更正"


def _new_notes(old: _Facts, new: _Facts) -> list[Note]:
    before = set(old.notes)
    return [n for n in new.notes if n not in before]


@lru_cache(maxsize=4096)  # a preview makes the same pages again after every edit
def _text_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        without_comments(old).splitlines(),
        without_comments(new).splitlines(),
        fromfile=old_name,
        tofile=new_name,
        lineterm="",
        n=2,
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class _Facts:
    """What the history needs of one version's data (kept in the cache: small, fast to load)."""

    readable: bool
    kind: str = ""
    validity: str = "有效"
    notes: tuple[Note, ...] = ()


def _facts_of(data: Any) -> _Facts:
    if data is None:
        return _Facts(readable=False)
    return _Facts(
        True, str(data.get("类型")), str(data.get("有效性") or "有效"), tuple(_notes(data))
    )


@dataclass
class _Reading:
    """One version's text, parsed only when the caches cannot answer for it."""

    text: str
    key: bytes
    path: str
    store: ShardedCache | None
    view: Callable[[Any], Any]  # names masked and withheld tables left out, as the site shows

    @cached_property
    def data(self) -> dict[str, Any] | None:
        packed = self.store.get(self.key) if self.store else None
        if packed is not None:
            return unpack(packed)
        data = _parse(self.text, self.path)
        if self.store is not None and data is not None:
            self.store.put(self.key, pack(data))
        return data

    @cached_property
    def viewed(self) -> Any:
        return self.view(self.data) if self.data is not None else None

    def fetch(self) -> dict[str, Any] | None:
        """The data for one use (a version's page), not kept on the reading."""
        if "data" in self.__dict__ or self.store is None:
            return self.data
        packed = self.store.get(self.key)
        return unpack(packed) if packed is not None else _parse(self.text, self.path)

    def let_go(self) -> None:
        """The history is made: the store keeps the data (packed) for a version's page."""
        if self.store is not None:
            self.__dict__.pop("data", None)
            self.__dict__.pop("viewed", None)


def build_history(
    item: ValidRecord,
    lineage: FileHistory,
    now: datetime,
    strict: bool,
    rules: NoticeRules = DEFAULT_RULES,
    cache: ShardedCache | None = None,
    names: NameDisplay = "全名",
    hidden: dict[str, str] | None = None,
    store: ShardedCache | None = None,
) -> tuple[RecordHistory, list[Problem]]:
    """The history of one current record from its file's versions; problems for missing notes.

    `names`: how people's names are shown; diffs, raw diffs and old versions follow it.
    `hidden`: tables the public site withholds: left out of every version's diff, and no raw
    text is shown (see publication.py). `cache` keeps each version's facts and the changes
    between two versions; `store` the versions' parsed data (read only on a miss)."""
    policy = item.record.name_display or names
    record_model = type(item.record)
    hidden = hidden or {}
    versions: list[Version] = []
    problems: list[Problem] = []
    current_notes = list(item.record.corrections)
    view = f"{policy}|{sorted(hidden.items())}".encode()  # what facts and diffs were made under

    def shown(data: Any) -> Any:
        if policy != "全名":
            data = mask_data(data, record_model, policy)
        return redact(data, hidden)

    last: _Reading | None = None
    last_facts = _Facts(readable=False)
    last_raw: Any = None  # the previous version's data before names were masked
    last_text = ""
    last_name = ""
    deletions = list(lineage.deletions)
    readings: list[_Reading] = []
    for raw in lineage.versions:
        when = raw.commit.time if raw.commit else now
        text = decode_quietly(raw.content)
        name = f"{raw.path}@{raw.commit.short}" if raw.commit else f"{raw.path}（未提交）"
        deleted_before = None
        while deletions and raw.commit and deletions[0].time <= raw.commit.time:
            deleted_before = deletions.pop(0)
        reading = _Reading(text, ResultCache.key(text), raw.path, store, shown)
        readings.append(reading)
        if store is not None:
            store.touch(reading.key)
        facts_key = ResultCache.key(b"facts|" + reading.key + view)
        facts = cache.get(facts_key) if cache else None
        if facts is None:
            facts = _facts_of(reading.viewed)
            if cache:
                cache.put(facts_key, facts)
        if policy != "全名" and facts.readable:
            people = names_in(reading.data, record_model) | names_in(last_raw, record_model)
            last_raw = reading.data
            text = mask_text(text, people, policy)
        if hidden:
            text = ""  # the raw text holds the withheld tables: not shown
        version = Version(
            number=len(versions) + 1,
            commit=raw.commit,
            when=when,
            event="首次发布" if facts.readable else "无法读取",
            text=text,
            load_record=_record_loader(reading, item, rules, policy),
            absorbed=raw.absorbed,
            deleted_before=deleted_before if raw.event == "restored" else None,
            validity=facts.validity,
        )
        if facts.readable and versions:
            version.changes = _changes(last, reading, facts.kind, cache, view)
            version.changes_major = has_major(version.changes)
            version.diff_from = (last_text, last_name, name)
            if version.changes and not version.major and _new_notes(last_facts, facts):
                # Staff judged a wording change material (同意 → 不同意 keeps every number).
                version.declared = True
            version.event = "恢复发布" if raw.event == "restored" else _event(version)
            if version.major:
                _attach_notes(version, last_facts, facts, current_notes, now.date())
                if version.note_missing:
                    problems.append(_missing_note(item, version, now.date(), strict))
        if facts.readable:
            last, last_facts, last_text, last_name = reading, facts, text, name
        if versions and not version.changes and raw.event != "restored" and facts.readable:
            # Same content as before (e.g. a revert of a revert, or line endings): not a version.
            continue
        versions.append(version)
    for reading in readings:
        reading.let_go()
    backfilled = versions[0].when.date() > item.record.published_on
    return RecordHistory(versions, backfilled), problems


def _changes(
    old: _Reading | None, new: _Reading, kind: str, cache: ShardedCache | None, view: bytes
) -> list[FieldChange]:
    if old is None:
        return []
    key = ResultCache.key(b"diff|" + old.key + new.key + view)
    changes = cache.get(key) if cache else None
    if changes is None:
        changes = diff_documents(old.viewed, new.viewed, KIND_BY_TITLE.get(kind))
        if cache:
            cache.put(key, changes)
    return changes


def decode_quietly(content: bytes) -> str:
    try:
        return decode(content, "")
    except ReadFailed:
        return content.decode("utf-8", "replace")


def _parse(text: str, path: str) -> dict[str, Any] | None:
    """A version's data; None when it is not a readable record."""
    try:
        doc = parse_yaml(text, path)
    except ReadFailed:
        return None
    return doc.data if isinstance(doc.data, dict) else None


def _record_loader(
    reading: _Reading, current: ValidRecord, rules: NoticeRules, policy: NameDisplay
) -> Callable[[], Envelope | None]:
    def load() -> Envelope | None:
        data = reading.fetch()
        if data is None:
            return None
        if data == current.source.data:  # the current version: validated already
            record: Any = current.record
        else:
            record = _validated(reading.key, data, reading.path, rules)
            if record is None:
                return None
        return mask_record(record, policy) if policy != "全名" else record

    return load


_VALIDATED: dict[tuple[bytes, str], Envelope | None] = {}
_keep_validated = False


def keep_validated(keep: bool) -> None:
    """`cwgk serve` makes the pages of old versions again after every edit, and their text never
    changes: it keeps their records (`keep`). A one-off build makes each page once, and keeping
    them grew a 5,000-record build by ~150 MB in each of its two processes."""
    global _keep_validated
    _keep_validated = keep
    if not keep:
        _VALIDATED.clear()


def _validated(key: bytes, data: dict[str, Any], path: str, rules: NoticeRules) -> Envelope | None:
    """An old version as a typed record (kept for the process in a preview: keep_validated)."""
    memo = (key, repr(rules))
    if memo in _VALIDATED:
        return _VALIDATED[memo]
    record, found = validate_document(SourceDocument(path, data), rules)
    valid = record if isinstance(record, Envelope) and not found else None
    if _keep_validated:
        if len(_VALIDATED) > 200_000:
            _VALIDATED.clear()
        _VALIDATED[memo] = valid
    return valid


def _attach_notes(
    version: Version, old: _Facts, new: _Facts, current_notes: list[Any], today: date
) -> None:
    added = _new_notes(old, new)
    if added:
        version.notes = added
        return
    on = version.when.date() if version.committed else today
    later = [Note(c.date, c.note) for c in current_notes if c.date == on]
    if later:
        version.notes = later
    else:
        version.note_missing = True


def _missing_note(item: ValidRecord, version: Version, today: date, strict: bool) -> Problem:
    fields = "、".join(
        dict.fromkeys(c.where.split("「")[0].split(" · ")[0] for c in version.changes if c.major)
    )
    on = version.when.date().isoformat() if version.committed else today.isoformat()
    if version.commit:
        what = f"{on} 的提交 {version.commit.short}（{version.commit.subject}）"
    else:
        what = "尚未提交的修改"
    withdrawn = item.record.validity == "已撤回" and "有效性" in fields.split("、")
    position = item.source.positions.get(("更正说明",))
    return Problem(
        file=item.file,
        line=position[0] if position else None,
        field="更正说明",
        message=f"{what}改动了已发布记录的{fields}，"
        + (
            "撤回已发布的记录要写明原因，但没有对应的更正说明"
            if withdrawn
            else "这是重大修改，但没有对应的更正说明"
        ),
        expected=(
            "在文件末尾加上下面几行，把“说明”换成"
            + ("撤回的原因" if withdrawn else "原来是什么、现在改成什么")
            + "；文件中已有“更正说明:”时，只在它的各项之后加“- ”开头的两行"
        ),
        example=correction_example(on, WITHDRAWAL_PLACEHOLDER if withdrawn else NOTE_PLACEHOLDER),
        severity="错误" if strict else "警告",
    )


@dataclass
class Histories:
    by_file: dict[str, RecordHistory]  # by record file as shown in messages
    problems: list[Problem]
    enabled: bool
    commits_read: int = 0
    digests: _DigestMemo | None = None

    def of(self, item: ValidRecord) -> RecordHistory | None:
        return self.by_file.get(item.file)

    def keep_digests(self) -> None:
        """The pages' keys are made (page_keys.py): keep each history's digest for the next run."""
        if self.digests is not None:
            self.digests.save()


class _DigestMemo:
    """Each history's page-key digest (page_keys._history: every version's fields, ~0.3 ms a
    record) as the last build made it, by the history's key in read_histories (its lineage, the
    rules, names, edition and day; the moment while it has uncommitted work), under the same
    code. A build after one change digests that record's history only."""

    def __init__(self, file: Path, stamp: str):
        self.file, self.stamp = file, stamp
        kept = read_stamped(file, stamp)
        self.kept: dict[bytes, str] = kept if isinstance(kept, dict) else {}
        self.made: dict[bytes, RecordHistory] = {}

    def attach(self, key: bytes, history: RecordHistory) -> None:
        if history.digest is None:
            history.digest = self.kept.get(key)
        self.made[key] = history

    def save(self) -> None:
        found = {k: h.digest for k, h in self.made.items() if h.digest is not None}
        if found != self.kept:
            write_stamped(self.file, self.stamp, found)  # this tree's histories: never grows


def disabled() -> Histories:
    return Histories({}, [], enabled=False)


def read_histories(
    records: list[ValidRecord],
    repo: RepoHistory,
    now: datetime,
    strict: bool,
    rules: NoticeRules = DEFAULT_RULES,
    cache_dir: Path | None = None,
    names: NameDisplay = "全名",
    edition: str = "内部",
    forking: bool = False,
    problems_only: bool = False,
    kept: dict[Any, Any] | None = None,
) -> Histories:
    """Histories of all records from one walk over the repository (`read_repository`).

    `problems_only` (`cwgk check`): only the missing notes, each record's kept by its lineage
    (_ProblemMemo); no history is returned.

    `kept` (a preview, between rebuilds): each record's history and problems as the last rebuild
    made them, by its lineage (_lineage_key), the day (the moment, while it has uncommitted
    work: that version is dated now) and the rules; a record whose lineage is unchanged is not
    made again.

    `forking`: with nothing cached yet (a fresh clone, CI), parse the old versions in two
    processes first (parallel.py); parsing them is most of a first run's history.

    `cache_dir`: where versions' facts, changes and data are kept between runs (history_cache.py)."""
    cache = ShardedCache(cache_dir / "history" if cache_dir else None, code_stamp(repr(rules)))
    store = ShardedCache(cache_dir / "versions" if cache_dir else None, code_stamp())
    lineages = [(item, _lineage(repo, item)) for item in records]
    frame = _problems_frame(rules, names, edition, strict, now)
    memo, every = None, lineages
    digests = None
    if not problems_only and cache_dir is not None:
        digests = _DigestMemo(cache_dir / "history-digests.pickle", code_stamp(frame))
    if problems_only:
        memo = _ProblemMemo(
            cache_dir / "history-problems.pickle" if cache_dir else None, code_stamp(frame)
        )
        lineages = [(i, lin) for i, lin in every if memo.get(i, lin) is None]
    if forking and cache_dir is not None and not any((cache_dir / "versions").glob("*.pickle")):
        _parse_in_two([raw for _, lineage in lineages for raw in lineage.versions], store)
    by_file: dict[str, RecordHistory] = {}
    problems: list[Problem] = []
    made: dict[bytes, tuple[RecordHistory, list[Problem]]] = {}
    for item, lineage in lineages:
        key = None
        if kept is not None or digests is not None:
            when = now.isoformat().encode() if lineage.uncommitted else b""
            key = hashlib.sha256(_lineage_key(item, lineage) + frame.encode() + when).digest()
        if kept is not None and key in kept:
            history, found = kept[key]
        else:
            item = _whole(item)  # `check` reads records kept from earlier runs lazily
            hidden = withheld(item.record, edition, now.date())
            history, found = build_history(
                item, lineage, now, strict, rules, cache, names, hidden, store
            )
        if kept is not None and key is not None:
            made[key] = (history, found)
        if digests is not None and key is not None:
            digests.attach(key, history)
        if memo is None:
            by_file[item.file] = history
        else:
            memo.put(item, lineage, found)
        problems += found
    if kept is not None:
        kept.clear()
        kept.update(made)
    cache.save()
    store.save()  # before pages are made: a version's record, when asked for, reads it again
    if not problems_only:  # a build that makes old versions' pages in two processes
        parallel.before_fork("versions", store.load_all)
    if memo is not None:
        memo.save()
        problems = [p for i, lin in every for p in memo.get(i, lin) or []]  # in records' order
    return Histories(
        by_file, problems, enabled=True, commits_read=repo.commits_read, digests=digests
    )


def _whole(item: ValidRecord) -> ValidRecord:
    record = whole(item.record)
    return item if record is item.record else ValidRecord(record, item.source, item.path)


class _ProblemMemo:
    """The history's problems (missing 更正说明) of each record as the last `check` found them,
    by the record's lineage — every version's commit and content, renames, deletions — on the
    same day under the same rules and code. `check` makes again only the histories of records
    whose lineage changed (an edit before a commit: one), and keeps no history."""

    def __init__(self, file: Path | None, stamp: str):
        self.file, self.stamp = file, stamp
        kept = read_stamped(file, stamp)
        self.kept: dict[bytes, list[Problem]] = kept if isinstance(kept, dict) else {}
        self.found: dict[bytes, list[Problem]] = {}
        self._keys: dict[int, bytes] = {}

    def _key(self, item: ValidRecord, lineage: FileHistory) -> bytes:
        key = self._keys.get(id(lineage))
        if key is None:
            key = self._keys[id(lineage)] = _lineage_key(item, lineage)
        return key

    def get(self, item: ValidRecord, lineage: FileHistory) -> list[Problem] | None:
        key = self._key(item, lineage)
        if key in self.kept:
            self.found[key] = self.kept[key]
        return self.found.get(key)

    def put(self, item: ValidRecord, lineage: FileHistory, problems: list[Problem]) -> None:
        self.found[self._key(item, lineage)] = problems

    def save(self) -> None:
        if self.file is not None and self.found.keys() != self.kept.keys():
            write_stamped(self.file, self.stamp, self.found)  # this tree's records: never grows


def _lineage_key(item: ValidRecord, lineage: FileHistory) -> bytes:
    return _lineage_key_of(item.file, lineage)


def _lineage_key_of(shown: str, lineage: FileHistory) -> bytes:
    digest = hashlib.sha256(shown.encode("utf-8"))
    for version in lineage.versions:
        commit = version.commit
        content = (
            (version.content_of or version.blob or "").encode()
            if commit
            else hashlib.sha256(version.content).digest()
        )
        digest.update(f"\0{commit.sha if commit else '-'}|{version.path}|{version.event}|".encode())
        digest.update(content)
        digest.update("|".join(c.sha for c in version.absorbed).encode())
    for deletion in lineage.deletions:
        digest.update(f"\0deleted {deletion.sha}".encode())
    return digest.digest()


def _lineage(repo: RepoHistory, item: ValidRecord) -> FileHistory:
    return _lineage_at(repo, item.path, item.file)


def _lineage_at(repo: RepoHistory, path: Path, shown: str) -> FileHistory:
    lineage = repo.for_file(path)
    if lineage is None or not lineage.versions:
        # Not known to git at all (e.g. listed in .gitignore): it is what preview shows.
        lineage = FileHistory(versions=[FileVersion(None, shown, None, content=path.read_bytes())])
    return lineage


@dataclass
class ProblemLookup:
    """Each record file's lineage key and, where the last `check` kept them, its history's
    problems (_ProblemMemo): what `cwgk check` finds of the history in a second process while
    the first reads the records (pipeline.check). By file as shown in messages."""

    keys: dict[str, bytes] = field(default_factory=dict)
    kept: dict[str, list[Problem]] = field(default_factory=dict)
    lineages: dict[str, FileHistory] = field(default_factory=dict)  # those not kept
    kept_count: int = 0  # entries the memo held
    commits_read: int = 0
    failed: str | None = None  # why there is no history (HistoryUnavailable)


def _problems_frame(
    rules: NoticeRules, names: str, edition: str, strict: bool, now: datetime
) -> str:
    """What a record's history and problems are made under, besides its lineage."""
    return f"{rules!r}|{names}|{edition}|{strict}|{now.date()}"


def look_up_problems(
    data_dir: Path,
    ignore_file: Path,
    now: datetime,
    strict: bool,
    rules: NoticeRules,
    cache_dir: Path,
    names: NameDisplay,
    edition: str,
    files: list[tuple[Path, str]],
) -> ProblemLookup:
    """The repository walked and every file in `files` ((path, as shown)) looked up in the kept
    problems; reads no record (see ProblemLookup)."""
    try:
        repo = read_repository(data_dir, ignore_file, now, cache_dir)
    except HistoryUnavailable as unavailable:
        return ProblemLookup(failed=str(unavailable))
    memo = _ProblemMemo(
        cache_dir / "history-problems.pickle",
        code_stamp(_problems_frame(rules, names, edition, strict, now)),
    )
    lookup = ProblemLookup(kept_count=len(memo.kept), commits_read=repo.commits_read)
    for path, shown in files:
        try:
            lineage = _lineage_at(repo, path, shown)
        except OSError:
            continue  # gone or unreadable: the check names it
        key = lookup.keys[shown] = _lineage_key_of(shown, lineage)
        if key in memo.kept:
            lookup.kept[shown] = memo.kept[key]
        else:
            lookup.lineages[shown] = lineage
    return lookup


def problems_looked_up(
    lookup: ProblemLookup,
    records: list[ValidRecord],
    now: datetime,
    strict: bool,
    rules: NoticeRules,
    cache_dir: Path,
    names: NameDisplay,
    edition: str,
) -> Histories:
    """read_histories(problems_only=True) with the repository's part done (look_up_problems):
    the histories of records not kept are made, and the memo saved."""
    cache = ShardedCache(cache_dir / "history", code_stamp(repr(rules)))
    store = ShardedCache(cache_dir / "versions", code_stamp())
    found: dict[bytes, list[Problem]] = {}
    problems: list[Problem] = []
    made = False
    for item in records:
        key = lookup.keys.get(item.file)
        if key is None:  # not in the listing the lookup had: made as read_histories makes it
            raise KeyError(item.file)
        got = lookup.kept.get(item.file)
        if got is None:
            item = _whole(item)
            hidden = withheld(item.record, edition, now.date())
            _, got = build_history(
                item, lookup.lineages[item.file], now, strict, rules, cache, names, hidden, store
            )
            made = True
        found[key] = got
        problems += got
    cache.save()
    store.save()
    if made or len(found) != lookup.kept_count:  # this tree's records: never grows
        stamp = code_stamp(_problems_frame(rules, names, edition, strict, now))
        write_stamped(cache_dir / "history-problems.pickle", stamp, found)
    return Histories({}, problems, enabled=True, commits_read=lookup.commits_read)


FORK_ABOVE_VERSIONS = 1000


def _parse_in_two(versions: list[FileVersion], store: ShardedCache) -> None:
    """Every version's data into the store, half of them parsed by a forked process."""
    texts = {}
    for raw in versions:
        text = decode_quietly(raw.content)
        texts.setdefault(ResultCache.key(text), (text, raw.path))
    items = list(texts.items())

    def parse(part: list[tuple[bytes, tuple[str, str]]]) -> dict[bytes, bytes | None]:
        found = {key: _parse(text, path) for key, (text, path) in part}
        return {key: None if data is None else pack(data) for key, data in found.items()}

    half = len(items) // 2
    if len(items) < FORK_ABOVE_VERSIONS:  # a second process costs more than it saves
        parsed = parse(items)
    else:
        parsed = parallel.make_in_two(parse, items[:half], items[half:])
    for key, data in parsed.items():
        if data is not None:
            store.put(key, data)


def read_repository(
    data_dir: Path, ignore_file: Path, now: datetime, cache_dir: Path | None = None
) -> RepoHistory:
    """Every version of every file under `data_dir`; raises HistoryUnavailable."""
    return read_history(
        data_dir,
        str(now.tzinfo),
        read_ignore_file(ignore_file),
        cache_file=cache_dir / "git-walk.pickle" if cache_dir else None,
    )
