"""Small counts are never shown: every figure about fewer than five people reads "< 5".

One function decides which cells of a report to hide. Hiding the small cells alone is not
enough where a total is shown beside its parts: the total minus the shown parts would give
the hidden cell back. So wherever a sum holds exactly one hidden member, a second member is
hidden as well (complementary suppression), until no sum has exactly one.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

# Fewer people than this in a cell, and the cell is hidden.
MIN_COUNT = 5
# What a hidden cell shows, on pages, in exports and in the API alike.
SMALL = "< 5"


def suppress(
    counts: Mapping[Hashable, int],
    sums: Iterable[tuple[Hashable, Sequence[Hashable]]] = (),
    *,
    minimum: int = MIN_COUNT,
) -> set[Hashable]:
    """The keys of the cells to hide.

    counts: each cell's count of people. sums: (total, parts) pairs, for each total that is
    shown with the parts it adds up from (a column total beside its rows). A cell is hidden
    when its count is under `minimum`; then, for each sum with exactly one hidden member,
    the smallest shown part is hidden too (or the total, when it has no other part).
    """
    hidden = {key for key, count in counts.items() if count < minimum}
    sums = [(total, list(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            members = [total, *parts]
            if sum(member in hidden for member in members) != 1:
                continue
            shown_parts = [part for part in parts if part not in hidden]
            if shown_parts:
                # The smallest part: the least information lost. Ties go to the first.
                hidden.add(min(shown_parts, key=lambda part: counts[part]))
            elif total not in hidden:
                hidden.add(total)
            else:
                continue  # a total with no parts: nothing to give away
            changed = True
    return hidden


def shown(value, hidden: bool):
    """A cell's value as reports give it: the value, or "< 5"."""
    return SMALL if hidden else value
