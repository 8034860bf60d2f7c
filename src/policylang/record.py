"""Immutable value records that are cheap to define, for the modules on `eval`'s start-up path.

`@dataclass(frozen=True)` writes six methods per class with `exec`; across the ~45 IR, type and
diagnostic classes a cached `eval` imports, that alone was ~40 ms of a ~150 ms start. A `@record`
class is still an ordinary dataclass (`fields`, `replace` and `asdict` work), but only its
`__init__` is generated: equality, hashing, repr and immutability come from the `Record` base,
written once. Fields marked `compare=False` (source spans) take no part in equality or hashing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")

if TYPE_CHECKING:  # so mypy sees every record's constructor; nothing to import at run time
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda f: f


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Make `cls` a dataclass whose value semantics come from `Record`."""
    return dataclass(eq=False, repr=False)(cls)


class Record:
    """Base of immutable records: each field may be assigned once, in `__init__`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @classmethod
    def _compared(cls) -> tuple[str, ...]:
        names = cls.__dict__.get("_compared_names")
        if names is None:
            names = tuple(f.name for f in fields(cls) if f.compare)  # type: ignore[arg-type]
            type.__setattr__(cls, "_compared_names", names)
        return names

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self._compared())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._key()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__name__}({shown})"


__all__ = ["Callable", "Record", "record"]
