"""Typed record models: the one place each kind's schema is declared."""

from .envelope import Envelope
from .registry import GROUP_OF_KIND, GROUPS, KIND_ALIASES, KIND_BY_TITLE, KINDS, KindGroup

__all__ = [
    "GROUPS",
    "GROUP_OF_KIND",
    "KINDS",
    "KIND_ALIASES",
    "KIND_BY_TITLE",
    "Envelope",
    "KindGroup",
]
