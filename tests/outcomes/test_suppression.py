"""Small counts are hidden, and so is any cell a shown total would give away."""

from hypothesis import given
from hypothesis import strategies as st

from outcomes.suppression import SMALL, suppress
from outcomes.tables import PERCENT, Column, Table


def test_counts_under_five_are_hidden_and_five_is_shown():
    assert suppress({"a": 4, "b": 5, "c": 0, "d": 12}) == {"a", "c"}


def test_a_total_shown_with_one_hidden_part_hides_the_smallest_other_part():
    counts = {"total": 30, "nord": 3, "syd": 12, "vest": 15}
    hidden = suppress(counts, [("total", ["nord", "syd", "vest"])])
    assert hidden == {"nord", "syd"}


def test_a_hidden_total_with_every_part_shown_hides_a_part():
    counts = {"total": 4, "nord": 0, "syd": 4}
    assert suppress(counts, [("total", ["nord", "syd"])]) == {"total", "nord", "syd"}
    counts = {"total": 8, "nord": 8}
    assert suppress({"total": 3, "nord": 3}, [("total", ["nord"])]) == {"total", "nord"}
    assert suppress(counts, [("total", ["nord"])]) == set()


def test_hiding_for_one_sum_carries_over_to_the_sums_it_meets():
    # Rows add up to totals, and within each row the columns add up to the row's total.
    counts = {"n": 20, "n.done": 17, "n.late": 3, "m": 20, "m.done": 10, "m.late": 10}
    sums = [("n", ["n.done", "n.late"]), ("m", ["m.done", "m.late"])]
    assert suppress(counts, sums) == {"n.late", "n.done"}


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8),
)
def test_no_sum_is_left_with_exactly_one_hidden_member(parts):
    counts = {("part", i): n for i, n in enumerate(parts)} | {"total": sum(parts)}
    sums = [("total", [("part", i) for i in range(len(parts))])]
    hidden = suppress(counts, sums)
    assert {key for key, n in counts.items() if n < 5} <= hidden
    members = ["total", *sums[0][1]]
    assert sum(member in hidden for member in members) != 1


def test_a_table_hides_the_share_of_a_hidden_group():
    table = Table(
        key="t",
        title="t",
        group_label="Team",
        columns=[Column("n", "Borgere"), Column("share", "Andel", PERCENT, about=("n",))],
        rows=[("Nord", {"n": 3, "share": 0.5}), ("Syd", {"n": 9, "share": 0.25})],
        total={"n": 12, "share": 1 / 3},
        additive=True,
    )
    rows = table.as_dict()["rows"]
    assert rows == [
        {"label": "Nord", "values": {"n": SMALL, "share": SMALL}},
        {"label": "Syd", "values": {"n": SMALL, "share": SMALL}},
    ]
    assert table.as_dict()["total"] == {"n": 12, "share": 1 / 3}
    assert table.grid()[-1] == ["I alt", 12, 33.3]


@st.composite
def funnels(draw):
    """Rows of nested steps: each step's people are some of the step before's."""
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        counts = [draw(st.integers(min_value=0, max_value=60))]
        for _step in range(3):
            counts.append(draw(st.integers(min_value=0, max_value=counts[-1])))
        rows.append(counts)
    return rows


@given(funnels())
def test_no_shown_step_gives_away_fewer_than_five_who_stopped(rows):
    steps = ["a", "b", "c", "d"]
    table = Table(
        key="t",
        title="t",
        group_label="Team",
        columns=[Column(step, step) for step in steps],
        rows=[(f"team {i}", dict(zip(steps, row, strict=True))) for i, row in enumerate(rows)],
        total={step: sum(row[i] for row in rows) for i, step in enumerate(steps)},
        additive=True,
        subsets=(("a", "b"), ("b", "c"), ("c", "d")),
    )
    shown = [row["values"] for row in table.shown_rows()]
    for values in shown:
        assert all(v == SMALL or v >= 5 for v in values.values())
        for whole, part in table.subsets:
            if SMALL not in (values[whole], values[part]):
                assert values[whole] - values[part] >= 5
    # Down each column: never exactly one hidden cell among the rows and their total.
    for step in steps:
        assert sum(values[step] == SMALL for values in shown) != 1
