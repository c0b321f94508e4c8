"""An immutable record whose fields are its ``__slots__``: what ``@dataclass(frozen=True)``
gives (fields by position or name, defaults, equality, hash and repr from the fields), at
no cost when a module defining one is imported (a dataclass is made by generating and
compiling its methods: about a millisecond of every start of the program)."""

from __future__ import annotations


class Frozen:
    __slots__ = ()
    _defaults: dict = {}            # a subclass's fields that may be left out, and their values

    def __init__(self, *values, **named):
        fields = self.__slots__
        if len(values) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields")
        given = dict(zip(fields, values), **named)
        for name in fields:
            if name in given:
                value = given.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")
            object.__setattr__(self, name, value)
        if given:
            raise TypeError(f"{type(self).__name__}: no field {next(iter(given))!r}")

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self):
        return hash(self._fields())

    def __repr__(self) -> str:
        return type(self).__name__ + "(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__slots__) + ")"
