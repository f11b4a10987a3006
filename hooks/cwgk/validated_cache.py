"""Each record file's validation, kept between runs by the file's name and bytes.

`cwgk check` after an edit parsed and validated all 5,000 files again (~2.5 s of its 4.5 s) so
that the checks across records could run. Now a file validated by an earlier run is neither
parsed nor validated again: its problems and warnings come from here, and its record comes back
as a KeptRecord: the record's class and the few fields the checks across records read (EAGER:
validate.validate_collection, validate_opinions, replacement_hints, the catalogue, the check's
verdict), the whole record unpickled only when anything else is asked of it. A build asks for
whole records at once (`whole`): unpickling one takes ~0.15 ms, parsing and validating its
file ~0.35 ms.

What a validation depends on besides the file is in the cache's stamp: our code, pydantic,
every setting (the 公示期 rules, holidays and contacts among them) and the chinesecalendar
release whose holidays date the 公示期.
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from .history_cache import ShardedCache, code_stamp
from .problems import Problem
from .source_reader import SourceDocument

# What the checks across records read of every record (or opinion); anything else unpickles it.
EAGER = (
    "index_no",
    "kind_title",
    "title",
    "validity",
    "published_on",
    "attachments",
    "corrections",
    "replaces_index_no",
    "plan_index_no",
    "number",
    "about",
    "received_on",
    "correction_on",
)
_ABSENT = object()


class KeptRecord:
    """A validated record from the cache: `isinstance` sees the record's own class; the EAGER
    fields are at hand, anything else unpickles the whole record once."""

    __slots__ = ("__dict__", "_kind", "_packed", "_whole")

    def __init__(self, kind: type, eager: dict[str, Any], packed: bytes):
        self._kind, self._packed, self._whole = kind, packed, None
        # The EAGER fields are found the usual way, without a call to __getattr__ (the
        # catalogue asks every record for several).
        self.__dict__ = eager

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # what isinstance() falls back to (as unittest.mock does)
        return self._kind

    def whole(self) -> Any:
        if self._whole is None:
            self._whole = pickle.loads(self._packed)
        return self._whole

    def __getattr__(self, name: str) -> Any:  # only for names not found the usual way
        return getattr(self.whole(), name)

    def __repr__(self) -> str:
        return f"KeptRecord({self._kind.__name__}, {self.__dict__.get('index_no')!r})"


def whole(record: Any) -> Any:
    """The record itself, whether kept or just validated."""
    return record.whole() if type(record) is KeptRecord else record


class KeptDocument(SourceDocument):
    """A record file's SourceDocument whose data is read from the documents' cache (or the
    file) only when something asks for it (a history comparing versions, a message)."""

    def __init__(self, file: str, positions: Any, text: Any, load: Any):
        # `data` is left unset: __getattr__ loads it on first use.
        self.file, self.positions, self.text, self._load = file, positions, text, load

    def __getattr__(self, name: str) -> Any:
        if name != "data":
            raise AttributeError(name)
        self.data = self._load()
        return self.data


@dataclass(frozen=True)
class Outcome:
    """One file's validation: its record (None if refused), errors, and warnings."""

    record: Any  # Envelope | Opinion | KeptRecord | None
    problems: list[Problem]  # errors of the file on its own (a record with any is refused)
    personal: list[Problem]  # personal data found in it
    estimated: list[Problem]  # a 公示期 end reckoned without that year's holidays
    dropped: list[Problem]  # what the sanitiser drops from a body (a 提示)
    claim: Any  # the file's 类型 and 索引号 as written, valid or not (validate.index_claims)

    def pack(self) -> tuple[Any, ...]:
        record = whole(self.record)
        if record is None:
            kept = None
        else:
            eager = {n: v for n in EAGER if (v := getattr(record, n, _ABSENT)) is not _ABSENT}
            kept = (type(record), eager, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        return (kept, self.problems, self.personal, self.estimated, self.dropped, self.claim)

    @classmethod
    def unpack(cls, packed: tuple[Any, ...], lazy: bool) -> Outcome:
        kept, *rest = packed
        record = None if kept is None else KeptRecord(*kept)
        if record is not None and not lazy:
            record = record.whole()
        return cls(record, *rest)

    def eager(self) -> Outcome:
        return replace(self, record=whole(self.record))


class ValidatedCache:
    """The outcomes by file key (pipeline._read's key: the file's name and bytes)."""

    def __init__(self, folder: Path | None, settings: str):
        self.cache = ShardedCache(folder, code_stamp(settings, _calendar_release()))

    def get(self, key: bytes, lazy: bool) -> Outcome | None:
        packed = self.cache.get(key)
        return Outcome.unpack(packed, lazy) if isinstance(packed, tuple) else None

    def put(self, key: bytes, outcome: Outcome) -> None:
        self.cache.put(key, outcome.pack())

    def save(self) -> None:
        self.cache.save()


@functools.cache
def _calendar_release() -> str:
    try:
        return metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:
        return "-"
