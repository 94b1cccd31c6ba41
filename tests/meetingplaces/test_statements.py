"""The nearby search's statements, compiled once per shape and run with each search's own
values (meetingplaces/statements.py), answer what the ORM's querysets answer."""

from datetime import time, timedelta
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from meetingplaces import statements, vocabulary
from meetingplaces.geo import Box, DistanceFrom, bounding_box
from meetingplaces.models import Activity, ActivityException
from meetingplaces.selectors import (
    LISTED_ACTIVITY_FIELDS,
    ActivityFilters,
    activities_near,
    activity_rows_in_box,
    filter_activities,
    listed_activities,
)
from meetingplaces.statements import compiled_rows
from tests.factories import ActivityFactory, MeetingPlaceFactory, OrganisationFactory

CENTRE = (55.40, 10.39)
WORDS = ["", "kaffe", "Sang", "Sted", "Forening", "zzz", "100%", "o'"]


def filters_strategy(organisations):
    maybe = st.sampled_from([None, True, False])
    return st.builds(
        ActivityFilters,
        category=st.sampled_from([None, *vocabulary.Category.values]),
        interests=st.lists(st.sampled_from([k for k, _ in vocabulary.INTERESTS]), max_size=3).map(
            tuple
        ),
        weekdays=st.lists(st.integers(0, 6), max_size=3, unique=True).map(tuple),
        time_of_day=st.sampled_from([None, *vocabulary.PartOfDay.values]),
        step_free=maybe,
        free=maybe,
        companion=maybe,
        organisation=st.sampled_from([None, *organisations]),
        text=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join),
    )


class ShapesTests(TestCase):
    """A few activities with every attribute a filter reads, some of them hidden."""

    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.organisations = [OrganisationFactory(name=n) for n in ("Forening Sang", "Klubben")]
        places = [
            MeetingPlaceFactory(name=f"Sted {i}", latitude=lat, longitude=lon, step_free=i % 2 == 0)
            for i, (lat, lon) in enumerate([(55.40, 10.39), (55.43, 10.40), (55.38, 10.45)])
        ]
        for i in range(12):
            ActivityFactory(
                meeting_place=places[i % 3],
                organisation=cls.organisations[i % 2],
                municipality=places[i % 3].municipality,
                title=["Kaffe og sang", "Kortspil", "Gåtur"][i % 3],
                category=vocabulary.Category.values[i % len(vocabulary.Category.values)],
                interests=(1 << (i % len(vocabulary.INTERESTS))) | 0b1,
                weekday=i % 7,
                start_time=[time(9, 30), time(13, 0), time(18, 0)][i % 3],
                end_time=[time(11, 30), time(15, 0), time(20, 0)][i % 3],
                price=Decimal("0") if i % 2 else Decimal("25.50"),
                companion_available=i % 3 == 0,
                is_active=i != 5,
                last_verified_on=today - timedelta(weeks=60) if i == 7 else today,
            )

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), radius=st.floats(min_value=0.5, max_value=12))
    def test_a_search_finds_what_the_orm_finds_in_the_same_order(self, data, radius):
        filters = data.draw(filters_strategy([o.uuid for o in self.organisations]))
        measure = DistanceFrom(CENTRE)
        orm = filter_activities(Activity.objects.published(), filters)
        expected = sorted(
            (measure.km(lat, lon), pk)
            for pk, lat, lon in orm.values_list(
                "pk", "meeting_place__latitude", "meeting_place__longitude"
            )
            if measure.km(lat, lon) <= radius
        )

        found = activities_near(point=CENTRE, radius_km=radius, filters=filters)

        self.assertEqual(found.hits, expected)
        self.assertEqual([a.pk for a in found[0:100]], [pk for _d, pk in expected])

    def test_the_page_rows_hold_the_values_the_orm_loads(self):
        today = timezone.localdate()
        activity = Activity.objects.filter(is_active=True).first()
        ActivityException.objects.create(activity=activity, date=today + timedelta(days=7))
        pks = list(Activity.objects.values_list("pk", flat=True))

        loaded = listed_activities(pks, today=today)

        orm = Activity.objects.select_related("meeting_place", "organisation")
        self.assertEqual(set(loaded), set(pks))
        for expected in orm:
            row = loaded[expected.pk]
            for path in LISTED_ACTIVITY_FIELDS:
                got, want = row, expected
                for part in path.split("__"):
                    got, want = getattr(got, part), getattr(want, part)
                self.assertEqual((path, got, type(got)), (path, want, type(want)))
            self.assertEqual(row.has_cancellations, expected.pk == activity.pk)

    def test_a_changed_setting_is_not_answered_by_a_statement_compiled_before_it(self):
        stale = Activity.objects.get(
            last_verified_on__lt=timezone.localdate() - timedelta(weeks=50)
        )
        with override_settings(FRESHNESS_HIDE_WEEKS=70):
            self.assertIn(
                stale.pk, [pk for _d, pk in activities_near(point=CENTRE, radius_km=20).hits]
            )
        self.assertNotIn(
            stale.pk, [pk for _d, pk in activities_near(point=CENTRE, radius_km=20).hits]
        )


class CompiledRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.west = ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=55.0, longitude=9.0))
        cls.east = ActivityFactory(meeting_place=MeetingPlaceFactory(latitude=55.0, longitude=12.0))

    def setUp(self):
        self.built = []

    def in_box(self, **edges):
        self.built.append(edges)
        return activity_rows_in_box(Activity.objects.all(), Box(**edges))

    def test_a_shape_is_compiled_once_and_run_with_each_calls_values(self):
        west, east = bounding_box((55.0, 9.0), 5), bounding_box((55.0, 12.0), 5)

        first = compiled_rows("box", self.in_box, **vars(west))
        second = compiled_rows("box", self.in_box, **vars(east))

        self.assertEqual(len(self.built), 1)
        self.assertEqual(first, [(self.west.pk, 55.0, 9.0)])
        self.assertEqual(second, [(self.east.pk, 55.0, 12.0)])
        self.assertEqual(second, list(activity_rows_in_box(Activity.objects.all(), east)))

    def test_each_length_of_a_list_of_ids_is_its_own_statement(self):
        def titles(ids):
            self.built.append(ids)
            return Activity.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "title")

        both = [self.west.pk, self.east.pk]
        self.assertEqual(
            compiled_rows("titles", titles, ids=[self.west.pk]), [(self.west.pk, self.west.title)]
        )
        self.assertEqual(
            compiled_rows("titles", titles, ids=[self.east.pk]), [(self.east.pk, self.east.title)]
        )
        self.assertEqual(
            compiled_rows("titles", titles, ids=both),
            [(self.west.pk, self.west.title), (self.east.pk, self.east.title)],
        )
        self.assertEqual(len(self.built), 2)

    def test_a_value_the_query_does_not_hold_as_one_parameter_is_refused(self):
        with self.assertRaisesMessage(RuntimeError, "'north'"):
            compiled_rows(
                "unused",
                lambda south, north: Activity.objects.filter(
                    meeting_place__latitude__gte=south
                ).values_list("pk"),
                south=1.0,
                north=2.0,
            )
        with self.assertRaises(TypeError):
            compiled_rows("an int", lambda limit: Activity.objects.values_list("pk"), limit=3)

    def test_a_query_that_cannot_match_anything_answers_no_rows(self):
        rows = compiled_rows(
            "nothing", lambda south: Activity.objects.filter(pk__in=[]).values_list("pk"), south=1.0
        )
        self.assertEqual(rows, [])

    def test_only_the_latest_statements_are_kept(self):
        for n in range(statements.MAX_STATEMENTS + 5):
            compiled_rows(("many", n), self.in_box, **vars(bounding_box((55.0, 9.0), 5)))
        cache = statements._statements[connections[DEFAULT_DB_ALIAS]]
        self.assertEqual(len(cache), statements.MAX_STATEMENTS)
        self.assertNotIn((("many", 0),), cache)
        self.assertIn((("many", statements.MAX_STATEMENTS + 4),), cache)
