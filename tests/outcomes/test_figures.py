"""The reports' figures on the small municipality of conftest.py, worked out by hand."""

import pytest

from outcomes.periods import parse_period
from outcomes.scope import report_scope_for
from outcomes.selectors import effect_report, funnel_report, gap_report
from outcomes.selectors.common import Cohort
from outcomes.suppression import SMALL


def tables(world, user=None, **filters):
    cohort = Cohort(report_scope_for(user or world.admin, **filters), parse_period(""))
    return {t.key: t.as_dict() for t in [*funnel_report(cohort), *effect_report(cohort)]}


def by_label(table):
    return {row["label"]: row["values"] for row in table["rows"]}


def counted(world, user=None, **filters):
    """The tables' figures before any is hidden (what the counting gives)."""
    cohort = Cohort(report_scope_for(user or world.admin, **filters), parse_period(""))
    return {t.key: t for t in funnel_report(cohort)}


def test_the_funnel_counts_each_citizen_at_every_step_they_reached(small_world):
    assert counted(small_world)["funnel"].total == {
        "flagged": 10,
        "suggested": 8,  # a1-a6 (shown or proposed) and b1, b2 (shown)
        "told": 6,  # a1-a5, b1; a6 came from a batch run
        "proposed": 7,
        "accepted": 5,
        "first_visit": 5,
        "participating": 3,
        "ended": 1,
    }


def test_the_funnel_hides_a_step_that_differs_from_the_one_before_by_under_five(small_world):
    # 10 flagged but 8 suggested would tell that 2 were never suggested anything: the 8 is
    # hidden. So are the 6 told and 5 accepted of the 7 proposed; 5 first visits of the
    # 5 accepted would tell 0 stopped, but the 5 accepted are hidden already.
    total = tables(small_world)["funnel"]["total"]
    assert total == {
        "flagged": 10,
        "suggested": SMALL,
        "told": SMALL,
        "proposed": 7,
        "accepted": SMALL,
        "first_visit": 5,
        "participating": SMALL,
        "ended": SMALL,
    }


def test_a_small_team_hides_the_other_team_too_when_the_total_is_shown(small_world):
    # Syd's 3 flagged would be 10 - 7: so Nord's 7 is hidden as well.
    rows = by_label(tables(small_world)["funnel"])
    assert set(rows["Syd"].values()) == {SMALL}
    assert set(rows["Nord"].values()) == {SMALL}


def test_the_funnel_per_organisation_place_and_activity_type(small_world):
    found = tables(small_world)
    expected = {
        "told": 6,
        "proposed": 7,
        "accepted": 5,
        "first_visit": 5,
        "participating": SMALL,
        "ended": SMALL,
    }
    raw = counted(small_world)
    for key in ("funnel_organisation", "funnel_category", "funnel_meeting_place"):
        assert raw[key].total == {**expected, "participating": 3, "ended": 1}
    assert [label for label, _values in raw["funnel_organisation"].rows] == ["Ældre Sagen"]
    assert [label for label, _values in raw["funnel_category"].rows] == ["Spil og kort"]
    # Shown: the 6 told and 5 accepted of the 7 proposed differ by under five (hidden).
    shown = {**expected, "told": SMALL, "accepted": SMALL}
    assert by_label(found["funnel_organisation"]) == {"Ældre Sagen": shown}
    assert by_label(found["funnel_category"]) == {"Spil og kort": shown}
    assert found["funnel_meeting_place"]["total"] == shown


def test_waiting_from_flagging_to_first_visit(small_world):
    # First visits 10, 20, 30, 40, 50 days after flagging: median 30, 90th percentile 46.
    waiting = tables(small_world)["waiting"]
    assert waiting["total"] == {"n": 5, "median": 30.0, "p90": pytest.approx(46.0)}


def test_coordinators_answer_times_and_the_share_declined(small_world):
    # Answers after 1..7 days: median 4, 90th percentile 6.4; 2 of 7 declined (hidden).
    answers = tables(small_world)["answers"]["total"]
    assert answers["n"] == 7
    assert answers["median"] == pytest.approx(4.0)
    assert answers["p90"] == pytest.approx(6.4)
    assert answers["declined"] == SMALL and answers["share_declined"] == SMALL


def test_decline_reasons_are_sorted_into_categories_and_hidden_when_few(small_world):
    reasons = tables(small_world)["decline_reasons"]
    assert by_label(reasons) == {
        "Ingen ledig plads": {"n": SMALL},
        "Borgeren ønsker ikke": {"n": SMALL},
    }


def test_the_effect_after_8_weeks_with_a_t_interval(small_world):
    # Changes -3, -2, -1, 0, -1, -1: 5 of 6 improved; mean -4/3; sd² = 16/15;
    # t(0.975, 5) = 2.5706: half-width 2.5706 * sqrt(16/15/6) = 1.0839.
    total = tables(small_world)["effect_companion"]["total"]
    assert total["n_w8"] == 6 and total["improved_w8"] == 5
    assert total["share_w8"] == pytest.approx(5 / 6)
    assert total["mean_w8"] == pytest.approx(-4 / 3)
    assert total["low_w8"] == pytest.approx(-4 / 3 - 1.08385, abs=1e-4)
    assert total["high_w8"] == pytest.approx(-4 / 3 + 1.08385, abs=1e-4)


def test_the_effect_after_12_weeks_hides_a_small_number_improved(small_world):
    # Changes -2, -2, -1, +1, 0: n 5, mean -0.8, only 3 improved (hidden, and their share).
    total = tables(small_world)["effect_companion"]["total"]
    assert total["n_w12"] == 5 and total["mean_w12"] == pytest.approx(-0.8)
    assert total["improved_w12"] == SMALL and total["share_w12"] == SMALL


def test_the_effect_is_split_by_activity_type_with_those_without_one_apart(small_world):
    rows = by_label(tables(small_world)["effect_category"])
    assert set(rows) == {"Spil og kort", "Endnu ingen aktivitet"}


def test_the_effect_says_it_is_a_before_after_comparison(small_world):
    assert "ikke et kontrolleret forsøg" in tables(small_world)["effect_category"]["note"]


def test_follow_ups_done_due_and_overdue(small_world):
    rows = by_label(tables(small_world)["follow_up"])
    # 8 weeks: a1-a6 measured; b3 not due; b2 due 4 days ago; a7, b1 overdue.
    assert rows["Efter 8 uger"] == {
        "baseline": 10,
        "done": 6,
        "not_due": SMALL,
        "due": SMALL,
        "overdue": SMALL,
    }
    # 12 weeks: 5 measured, the other five hidden (two would give away the rest).
    assert rows["Efter 12 uger"]["done"] == 5


def test_waiting_citizens_per_square_with_the_activities_in_reach(small_world):
    report = gap_report(report_scope_for(small_world.admin))
    # a6, a7, b1, b2, b3 wait (a6 and b1 after a decline); all live in one square.
    assert report.table.as_dict()["rows"] == [
        {"label": "54.796, 11.640", "values": {"waiting": 5, "declined": SMALL, "activities": 1}}
    ]
    assert report.best_places[0]["reaches"] == 5
    assert report.best_places[0]["top_interests"][0]["interest"] == "cards"
    assert len(report.best_places) == 1  # nobody is left for a second place


def test_the_gap_map_filters_by_interest_and_mobility(small_world):
    scope = report_scope_for(small_world.admin)
    assert gap_report(scope, interest="singing").table.rows == []
    assert gap_report(scope, mobility="wheelchair").best_places == []


def test_a_coordinator_sees_only_the_citizens_proposed_to_their_organisation(small_world):
    total = tables(small_world, small_world.coordinator)["funnel"]["total"]
    assert total["flagged"] == 7 and total["proposed"] == 7


def test_staff_see_their_team(small_world):
    total = counted(small_world, small_world.staff)["funnel"].total
    assert total["flagged"] == 7 and total["told"] == 5
    assert tables(small_world, small_world.staff)["funnel"]["total"]["flagged"] == 7


def test_the_reports_take_a_fixed_number_of_queries(small_world, django_assert_max_num_queries):
    scope = report_scope_for(small_world.admin)
    cohort = Cohort(scope, parse_period(""))
    with django_assert_max_num_queries(20):
        funnel_report(cohort)
        effect_report(cohort)
        gap_report(scope)
