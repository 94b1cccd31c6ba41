"""A coordinator imports for their own organisation in its municipality; a municipality
admin for their municipality; neither into another."""

from meetingplaces.importing.plan import Action
from meetingplaces.importing.selectors import import_targets_of
from meetingplaces.importing.services import import_places
from meetingplaces.models import Activity, MeetingPlace
from tests.factories import ActivityFactory, MeetingPlaceFactory

from .conftest import csv_bytes

HEADER = "navn;adresse;postnr;kommune;aktivitet;ugedag;start;slut;forening"


def run(lines, target):
    return import_places(content=csv_bytes(lines), filename="a.csv", scope=target.scope)


def test_a_coordinator_may_import_for_their_organisation_only(coordinator, aeldre_sagen):
    (target,) = import_targets_of(coordinator)
    assert target.organisation == aeldre_sagen


def test_a_coordinators_activities_belong_to_their_organisation(coordinator, aeldre_sagen):
    (target,) = import_targets_of(coordinator)
    plan = run([HEADER, "Kulturhuset;Torvet 1;4800;;Kortspil;mandag;10;12;"], target)
    assert plan.counts == {Action.CREATE: 1}
    assert Activity.objects.get().organisation == aeldre_sagen
    assert MeetingPlace.objects.get().host == aeldre_sagen


def test_a_coordinator_cannot_import_for_another_organisation(coordinator, roede_kors):
    (target,) = import_targets_of(coordinator)
    plan = run(
        [HEADER, "Kulturhuset;Torvet 1;4800;;Kortspil;mandag;10;12;Røde Kors Guldborgsund"],
        target,
    )
    assert plan.outcomes[0].action == Action.REFUSED
    assert "Ældre Sagen Guldborgsund" in plan.outcomes[0].errors[0]
    assert Activity.objects.count() == MeetingPlace.objects.count() == 0


def test_a_coordinator_cannot_import_into_another_municipality(coordinator, soroe):
    (target,) = import_targets_of(coordinator)
    plan = run([HEADER, "Sorø Bibliotek;Storgade 7;4180;Sorø;Kortspil;mandag;10;12;"], target)
    assert plan.outcomes[0].action == Action.REFUSED
    assert "Du kan ikke importere til Sorø" in plan.outcomes[0].errors[0]
    assert MeetingPlace.objects.count() == 0


def test_a_coordinator_cannot_change_another_organisations_activity(
    coordinator, roede_kors, guldborgsund
):
    place = MeetingPlaceFactory(municipality=guldborgsund, name="Kulturhuset", street="Torvet 1")
    theirs = ActivityFactory(
        meeting_place=place,
        organisation=roede_kors,
        title="Kortspil",
        weekday=0,
        start_time="10:00",
        end_time="12:00",
    )
    (target,) = import_targets_of(coordinator)
    plan = run([HEADER, "Kulturhuset;Torvet 1;4990;;Kortspil;mandag;10;13;"], target)
    assert plan.outcomes[0].action == Action.REFUSED
    theirs.refresh_from_db()
    assert str(theirs.end_time) == "12:00:00"


def test_a_coordinator_leaves_another_organisations_place_as_it_is(
    coordinator, roede_kors, guldborgsund
):
    place = MeetingPlaceFactory(
        municipality=guldborgsund, name="Kulturhuset", street="Torvet 1", host=roede_kors
    )
    (target,) = import_targets_of(coordinator)
    plan = run(["navn;adresse;postnr;telefon", "Kulturhuset;Torvet 1;4990;11 22 33 44"], target)
    assert plan.outcomes[0].action == Action.REFUSED
    place.refresh_from_db()
    assert place.phone == ""


def test_a_municipality_admin_imports_for_any_organisation_of_their_municipality(
    municipality_admin, roede_kors, soroe
):
    (target,) = import_targets_of(municipality_admin)
    plan = run(
        [
            HEADER,
            "Kulturhuset;Torvet 1;4800;;Kortspil;mandag;10;12;Røde Kors Guldborgsund",
            "Sorø Bibliotek;Storgade 7;4180;Sorø;Kortspil;mandag;10;12;",
        ],
        target,
    )
    assert [o.action for o in plan.outcomes] == [Action.CREATE, Action.REFUSED]
    assert Activity.objects.get().organisation == roede_kors


def test_nobody_else_may_import(db):
    from tests.factories import StaffFactory

    assert import_targets_of(StaffFactory()) == []


def test_a_coordinator_holds_activities_at_the_municipalitys_place_without_changing_it(
    coordinator, aeldre_sagen, guldborgsund
):
    place = MeetingPlaceFactory(municipality=guldborgsund, name="Kulturhuset", street="Torvet 1")
    (target,) = import_targets_of(coordinator)
    plan = run(
        [HEADER + ";telefon", "Kulturhuset;Torvet 1;4990;;Kortspil;mandag;10;12;;11 22 33 44"],
        target,
    )
    assert plan.counts == {Action.CREATE: 1}
    place.refresh_from_db()
    assert (place.host, place.phone) == (None, "")
    assert Activity.objects.get().meeting_place == place
