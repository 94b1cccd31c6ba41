"""The finder's one optimised path: statements the ORM writes once and the nearby search
runs many times (benchmarks/README.md, "Load", run P).

A nearby search asks two questions whose shape is the same for every search with the same
filters: which activities lie in this box, and what the page's rows hold. Only the box's
four edges and the page's ids differ. Building and compiling the two querysets cost more
than running them, so each is compiled once per shape, on each database connection, and
run with the search's own values in place of the stand-ins it was compiled with.

The querysets come from the selectors as they are (published, filtered, boxed), so every
rule keeps its one home; Django's own converters turn the rows into Python values, as
`values_list()` would. What a statement depends on besides its stand-ins (the day, the
filters, the page's length) is part of its key, and a changed setting empties the cache.
"""

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Statements kept per database connection: the oldest is dropped beyond this many.
MAX_STATEMENTS = 128

# Stand-ins no real value equals: floats far beyond any coordinate or price, and integer
# ids below any primary key.
_FLOAT_STAND_IN = 1e300
_ID_STAND_IN = -(10**15)


class _Statement:
    """One compiled values_list() query and where each stand-in sits among its parameters."""

    def __init__(self, queryset: QuerySet, stand_ins: dict[str, object]):
        self.alias = queryset.db
        self.compiler = queryset.query.get_compiler(self.alias)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:  # the filters exclude everything, whatever the values
            self.sql, params = None, ()
        self.params = list(params)
        self.slots: list[tuple[int, str, int | None]] = []
        for name, stand_in in stand_ins.items():
            for index, value in enumerate(stand_in if isinstance(stand_in, list) else [stand_in]):
                positions = [i for i, param in enumerate(self.params) if param == value]
                if self.sql is not None and len(positions) != 1:
                    raise RuntimeError(f"the stand-in for {name!r} is not one parameter")
                if positions:
                    item = index if isinstance(stand_in, list) else None
                    self.slots.append((positions[0], name, item))

    def rows(self, values: dict[str, object]) -> list[tuple]:
        if self.sql is None:
            return []
        params = self.params.copy()
        for position, name, item in self.slots:
            params[position] = values[name] if item is None else values[name][item]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        return list(self.compiler.results_iter([fetched], tuple_expected=True))


_statements: "weakref.WeakKeyDictionary[object, OrderedDict]" = weakref.WeakKeyDictionary()


def compiled_rows(key: Hashable, build: Callable[..., QuerySet], **values) -> list[tuple]:
    """The rows of `build(**values)`, a values_list() queryset, as a list of tuples.

    `build` is called once per key (and per length of each list of values), with stand-ins
    for the values: a float for a float, integer ids for a list of ids. It must put each of
    them into the query as one parameter, and everything else it reads must be in `key`.
    """
    shape = (key, *(len(v) for v in values.values() if isinstance(v, list)))
    connection = connections[DEFAULT_DB_ALIAS]
    cache = _statements.setdefault(connection, OrderedDict())
    statement = cache.get(shape)
    if statement is None:
        stand_ins = _stand_ins(values)
        statement = cache[shape] = _Statement(build(**stand_ins), stand_ins)
        if len(cache) > MAX_STATEMENTS:
            cache.popitem(last=False)
    else:
        cache.move_to_end(shape)
    return statement.rows(values)


def _stand_ins(values: dict[str, object]) -> dict[str, object]:
    stand_ins: dict[str, object] = {}
    for n, (name, value) in enumerate(values.items()):
        if isinstance(value, list):
            stand_ins[name] = [_ID_STAND_IN - 10**9 * n - i for i in range(len(value))]
        elif isinstance(value, float):
            stand_ins[name] = _FLOAT_STAND_IN * (n + 2)
        else:
            raise TypeError(f"{name!r}: only floats and lists of ids are stood in for")
    return stand_ins


def forget_statements(**kwargs) -> None:
    """Drop every compiled statement: a setting they were compiled under may have changed."""
    _statements.clear()


setting_changed.connect(forget_statements)
