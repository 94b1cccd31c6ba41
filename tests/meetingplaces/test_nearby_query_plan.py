"""The nearby search's bounding box is answered by the composite (latitude, longitude)
index, never by a scan of the table."""

import pytest
from django.db import connection

from meetingplaces.geo import bounding_box
from meetingplaces.models import Activity
from meetingplaces.selectors import (
    ActivityFilters,
    activity_rows_in_box,
    filter_activities,
    in_box,
    public_activities,
    public_meeting_places,
)
from tests.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = [
    pytest.mark.django_db,
    # SQLite only: these read SQLite's EXPLAIN QUERY PLAN (its wording and index names), and
    # SQLite picks an index whenever one fits. PostgreSQL's planner chooses by cost from
    # table statistics, so on these 30 rows a sequential scan is its right answer; the
    # indexes themselves are the same migrations on both databases.
    # `make test-scale` deselects them by this marker.
    pytest.mark.sqlite_only,
]


def query_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.fixture
def places():
    for i in range(30):
        place = MeetingPlaceFactory(latitude=54.5 + i * 0.1, longitude=8.5 + i * 0.1)
        ActivityFactory(meeting_place=place)


def test_meeting_places_in_a_box_use_the_composite_index(places):
    box = bounding_box((55.5, 10.5), 5)
    plan = query_plan(in_box(public_meeting_places(), box).values_list("pk"))
    assert "USING INDEX meetingplace_near_idx" in plan or (
        "USING COVERING INDEX meetingplace_near_idx" in plan
    ), plan
    assert "SCAN meetingplaces_meetingplace" not in plan, plan


def test_activities_in_a_box_reach_places_by_the_composite_index(places):
    box = bounding_box((55.5, 10.5), 5)
    queryset = filter_activities(
        public_activities(), ActivityFilters(category="games", free=True, text="kort")
    )
    plan = query_plan(activity_rows_in_box(queryset, box))
    assert "meetingplace_near_idx (latitude>? AND latitude<?)" in plan, plan
    # Activities are looked up per place by index, not scanned.
    assert "SCAN meetingplaces_activity" not in plan, plan
    assert "SCAN meetingplaces_meetingplace" not in plan, plan


def test_an_unfiltered_search_reads_only_indexes(places):
    # The default search (no filters) never touches a table: the box on the meeting
    # places' index, their active activities on activity_place_active_idx.
    box = bounding_box((55.5, 10.5), 5)
    queryset = Activity.objects.filter(is_active=True)
    plan = query_plan(activity_rows_in_box(queryset, box))
    assert "USING COVERING INDEX meetingplace_near_idx (latitude>? AND latitude<?)" in plan, plan
    assert "USING COVERING INDEX activity_place_active_idx (meeting_place_id=?" in plan, plan
    assert "SCAN" not in plan and "TEMP B-TREE" not in plan, plan
