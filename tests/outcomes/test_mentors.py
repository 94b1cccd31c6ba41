"""The mentor section of the reports: requests, how many found a mentor, and "did it
help?" at 4 and 12 weeks, per organisation, small counts hidden as everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentors.models import FollowUp
from outcomes.periods import parse_period
from outcomes.scope import report_scope_for
from outcomes.selectors import mentor_report
from outcomes.selectors.common import Cohort
from outcomes.suppression import SMALL
from tests.factories import (
    MentorOfferFactory,
    MentorRequestFactory,
    MunicipalityAdminFactory,
    OrganisationFactory,
    VolunteerFactory,
    sign_in,
)


@pytest.fixture
def figures(db):
    """Organisation A: 12 requests, 9 paired; 4 weeks: 6 yes, 2 no; 12 weeks: 5 yes.
    Organisation B: 3 requests, none paired."""
    a, b = OrganisationFactory(name="A"), OrganisationFactory(name="B")
    mentor = MentorOfferFactory(volunteer=VolunteerFactory(organisation=a), max_relatives=20)
    answers_4 = [True] * 6 + [False] * 2
    for index in range(12):
        paired = index < 9
        request = MentorRequestFactory(
            organisation=a,
            status="accepted" if paired else "new",
            mentor=mentor if paired else None,
            accepted_at=timezone.now() - timedelta(weeks=13) if paired else None,
        )
        if index < len(answers_4):
            FollowUp.objects.create(request=request, kind="week_4", helped=answers_4[index])
        if index < 5:
            FollowUp.objects.create(request=request, kind="week_12", helped=True)
    for _ in range(3):
        MentorRequestFactory(organisation=b)
    return MunicipalityAdminFactory(municipality=a.municipality)


def _table(user):
    cohort = Cohort(report_scope_for(user), parse_period(""))
    (table,) = mentor_report(cohort)
    return table


def test_each_request_counts_once_under_its_organisation(figures):
    table = _table(figures)
    assert table.total == {
        "requests": 15,
        "matched": 9,
        "w4_yes": 6,
        "w4_no": 2,
        "w12_yes": 5,
        "w12_no": 0,
    }
    assert dict(table.rows)["A"]["requests"] == 12


def test_counts_under_five_are_hidden_with_the_one_that_would_give_them_away(figures):
    table = _table(figures).as_dict()
    shown = {row["label"]: row["values"] for row in table["rows"]}
    assert table["total"]["requests"] == 15 and table["total"]["w4_yes"] == 6
    assert table["total"]["w4_no"] == SMALL
    assert shown["B"]["requests"] == SMALL
    # The total less A would give B's small counts: A's are hidden too.
    assert shown["A"]["requests"] == SMALL and shown["A"]["w4_yes"] == SMALL


def test_the_dashboard_shows_the_mentor_section(figures, client):
    sign_in(client, figures)
    page = client.get("/rapporter/").content.decode()
    assert "Pårørendementorer" in page and "Hjalp efter 4 uger: ja" in page
    export = client.get("/rapporter/eksport.csv?report=mentors")
    assert export.status_code == 200 and "Fik en mentor" in export.content.decode()
