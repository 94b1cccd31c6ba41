"""A report's tables, with the small cells already hidden: what pages, exports and the API
show is built from here and nowhere else, so no view can show a count that was hidden.

A table has rows (a team, an organisation, ...) and columns. Count columns hold numbers of
people; other columns (a median, a share, a mean) are figures about some count column's
people and are hidden whenever that count is.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .suppression import MIN_COUNT, SMALL, suppress

# count: people (hidden under five); plain: a number not about people (activities).
COUNT, PLAIN, PERCENT, NUMBER, DAYS = "count", "plain", "percent", "number", "days"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    # For a figure about a group of people: the count column(s) holding that group.
    about: tuple[str, ...] = ()


@dataclass
class Table:
    key: str
    title: str
    group_label: str
    columns: list[Column]
    # (label, {column key: value}); a missing value is a cell that does not apply.
    rows: list[tuple[str, dict]] = field(default_factory=list)
    total: dict | None = None
    # True when each person counts in one row only, so that the rows add up to the total.
    additive: bool = False
    # (total column, part columns) where a row's columns add up, e.g. done + overdue = all.
    row_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (whole, part) where a row's `part` people are some of its `whole` people, e.g. the
    # accepted among the proposed: the difference (people who stopped between the two
    # steps) is a count too, derivable from the shown cells, and is held to the same rule.
    subsets: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def hidden(self) -> set[tuple[int | str, str]]:
        """(row index or "total", column key) of every hidden cell."""
        counts = {}
        for index, (_label, values) in self._all_rows():
            for column in self.columns:
                if column.kind == COUNT and values.get(column.key) is not None:
                    counts[(index, column.key)] = values[column.key]
        sums = []
        if self.additive and self.total is not None:
            for column in self.columns:
                parts = [(i, column.key) for i in range(len(self.rows))]
                parts = [part for part in parts if part in counts]
                if ("total", column.key) in counts and parts:
                    sums.append((("total", column.key), parts))
        for index, _row in self._all_rows():
            for total, parts in self.row_sums:
                sums.append(((index, total), [(index, part) for part in parts]))
        self._add_differences(counts, sums)
        hidden = suppress(counts, sums)
        # A median or a share of a hidden group would tell about fewer than five people.
        for index, _row in self._all_rows():
            for column in self.columns:
                about = [(index, key) for key in column.about]
                if any(cell in hidden or counts.get(cell, 0) < MIN_COUNT for cell in about):
                    hidden.add((index, column.key))
        return hidden

    def _add_differences(self, counts: dict, sums: list) -> None:
        """The people in a `whole` but not in its `part`, as cells no one sees but anyone
        could work out: whole = part + difference, in each row and down the columns."""
        for whole, part in self.subsets:
            gap = f"{whole}-{part}"
            cells = []
            for index, (_label, values) in self._all_rows():
                if (index, whole) not in counts or (index, part) not in counts:
                    continue
                counts[(index, gap)] = values[whole] - values[part]
                sums.append(((index, whole), [(index, part), (index, gap)]))
                cells.append(index)
            if self.additive and "total" in cells:
                rows = [(index, gap) for index in cells if index != "total"]
                if rows:
                    sums.append((("total", gap), rows))

    def _all_rows(self):
        yield from enumerate(self.rows)
        if self.total is not None:
            yield "total", (_("I alt"), self.total)

    def shown_rows(self) -> list[dict]:
        """Rows as they may be shown: {"label", "values": {key: value or "< 5"}, "total"}."""
        hidden = self.hidden()
        shown = []
        for index, (label, values) in self._all_rows():
            cells = {}
            for column in self.columns:
                value = values.get(column.key)
                cells[column.key] = SMALL if (index, column.key) in hidden else value
            shown.append({"label": str(label), "values": cells, "is_total": index == "total"})
        return shown

    def as_dict(self) -> dict:
        """The table for the API and the page's charts: hidden cells are "< 5"."""
        rows = self.shown_rows()
        return {
            "key": self.key,
            "title": str(self.title),
            "group": str(self.group_label),
            "note": str(self.note),
            "columns": [
                {"key": c.key, "label": str(c.label), "kind": c.kind} for c in self.columns
            ],
            "rows": [
                {"label": r["label"], "values": r["values"]} for r in rows if not r["is_total"]
            ],
            "total": next((r["values"] for r in rows if r["is_total"]), None),
        }

    def grid(self) -> list[list]:
        """Header and rows as plain cells, for CSV and spreadsheet files."""
        header = [str(self.group_label), *(str(c.label) for c in self.columns)]
        lines = [header]
        for row in self.shown_rows():
            lines.append(
                [str(row["label"]), *(_cell(row["values"][c.key], c) for c in self.columns)]
            )
        return lines


def _cell(value, column: Column):
    if value is None or value == SMALL:
        return "" if value is None else SMALL
    if column.kind == PERCENT:
        return round(100 * value, 1)
    if column.kind in (NUMBER, DAYS):
        return round(value, 1)
    return value
