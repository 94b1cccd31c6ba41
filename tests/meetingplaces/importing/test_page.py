"""The import page: upload, a preview of every row with nothing written, then confirm;
the file is kept between the two steps, only for the person who sent it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetingplaces.models import Activity, ImportUpload, MeetingPlace
from tests.factories import StaffFactory, UserFactory, sign_in

pytestmark = pytest.mark.django_db

LIST = (
    "navn;adresse;postnr;aktivitet;ugedag;start;slut;farve\n"
    "Kulturhuset;Nørregade 4;4800;Strik og snak;tirsdag;10:00;12:00;rød\n"
    "Biblioteket;Rådhusgade 8;9999;Højtlæsning;blursdag;10:00;11:00;\n"
).encode()


def upload(client, content=LIST, name="liste.csv", target=None):
    page = client.get(reverse("frontend:import"))
    target = target or page.context["form"].fields["target"].choices[0][0]
    return client.post(
        reverse("frontend:import"),
        {"target": target, "file": SimpleUploadedFile(name, content)},
    )


def test_a_coordinator_finds_the_import_from_the_inbox(client, coordinator):
    sign_in(client, coordinator)
    page = client.get(reverse("frontend:inbox"))
    assert reverse("frontend:import") in page.content.decode()


def test_the_preview_shows_each_row_with_its_errors_and_writes_nothing(client, coordinator):
    sign_in(client, coordinator)
    response = upload(client)
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "1 oprettes, 0 opdateres, 0 er uændret, 1 afvises." in html
    assert "Ukendt postnummer “9999”" in html
    assert "Ukendt ugedag “blursdag”" in html
    assert 'href="#row-3"' in html
    assert "farve" in html
    assert "Importér 1 række" in html
    assert MeetingPlace.objects.count() == Activity.objects.count() == 0


def test_confirming_imports_the_valid_rows_without_sending_the_file_again(
    client, coordinator, aeldre_sagen
):
    sign_in(client, coordinator)
    preview_url = upload(client).url
    response = client.post(preview_url, follow=True)
    assert "Importen er gemt: 1 oprettet, 0 opdateret, 0 uændret, 1 afvist." in (
        response.content.decode()
    )
    assert Activity.objects.get().organisation == aeldre_sagen
    assert ImportUpload.objects.count() == 0
    assert client.get(preview_url).status_code == 404


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_form(client, coordinator):
    sign_in(client, coordinator)
    response = upload(client, content="farve;smag\nrød;sur\n".encode())
    assert response.status_code == 200
    assert "mangler en kolonne med mødestedets navn" in response.content.decode()
    assert ImportUpload.objects.count() == 0


def test_another_persons_upload_is_not_found(client, coordinator, aeldre_sagen):
    from tests.factories import CoordinatorFactory

    sign_in(client, coordinator)
    preview_url = upload(client).url
    sign_in(client, CoordinatorFactory(organisation=aeldre_sagen))
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404
    assert Activity.objects.count() == 0


def test_a_coordinator_cannot_choose_another_organisation(client, coordinator, roede_kors):
    sign_in(client, coordinator)
    response = upload(client, target=f"organisation-{roede_kors.pk}")
    assert response.status_code == 200
    assert ImportUpload.objects.count() == 0


def test_a_municipality_admin_imports_for_the_municipality(
    client, municipality_admin, aeldre_sagen
):
    sign_in(client, municipality_admin)
    rows = (
        "navn;adresse;postnr;aktivitet;ugedag;start;slut;forening\n"
        "Kulturhuset;Nørregade 4;4800;Strik;tirsdag;10:00;12:00;Ældre Sagen Guldborgsund\n"
    ).encode("cp1252")
    preview_url = upload(client, content=rows).url
    client.post(preview_url)
    assert Activity.objects.get().organisation == aeldre_sagen


@pytest.mark.parametrize("make_user", [StaffFactory, UserFactory], ids=["staff", "no role"])
def test_others_may_not_import(client, make_user):
    sign_in(client, make_user())
    assert client.get(reverse("frontend:import")).status_code == 403


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get(reverse("frontend:import"))
    assert response.status_code == 302
    assert reverse("frontend:login") in response.url


def test_an_unconfirmed_upload_is_forgotten_after_a_day(client, coordinator, municipality_admin):
    from datetime import timedelta

    from django.utils import timezone

    sign_in(client, coordinator)
    upload(client)
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(days=2))
    sign_in(client, municipality_admin)
    upload(client)
    assert list(ImportUpload.objects.values_list("uploaded_by__username", flat=True)) == [
        "kommuneadmin"
    ]


def test_a_list_of_a_few_hundred_kilobytes_may_be_uploaded(client, coordinator, settings):
    sign_in(client, coordinator)
    rows = "\n".join(f"Mødested {i};Skolevej {i};4800" for i in range(12_000))
    content = f"navn;adresse;postnr\n{rows}\n".encode()
    assert len(content) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = upload(client, content=content)
    assert response.status_code == 302
    assert ImportUpload.objects.get().filename == "liste.csv"


def test_a_file_larger_than_5_mb_is_refused(client, coordinator):
    sign_in(client, coordinator)
    response = upload(client, content=b"navn\n" + b"x" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert ImportUpload.objects.count() == 0
