"""The actors of the import tests: Guldborgsund with two organisations, and Sorø."""

import pytest

from meetingplaces.importing.plan import ImportScope
from meetingplaces.models import Membership
from tests.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)


def csv_bytes(lines: list[str], *, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding)


@pytest.fixture
def guldborgsund(db):
    return MunicipalityFactory(code="0376", name="Guldborgsund", slug="guldborgsund")


@pytest.fixture
def soroe(db):
    return MunicipalityFactory(code="0340", name="Sorø", slug="soroe")


@pytest.fixture
def aeldre_sagen(guldborgsund):
    return OrganisationFactory(municipality=guldborgsund, name="Ældre Sagen Guldborgsund")


@pytest.fixture
def roede_kors(guldborgsund):
    return OrganisationFactory(municipality=guldborgsund, name="Røde Kors Guldborgsund")


@pytest.fixture
def coordinator(aeldre_sagen):
    return CoordinatorFactory(username="koordinator", organisation=aeldre_sagen)


@pytest.fixture
def municipality_admin(guldborgsund):
    user = UserFactory(username="kommuneadmin")
    Membership.objects.create(user=user, role=Membership.Role.ADMIN, municipality=guldborgsund)
    return user


@pytest.fixture
def operator_scope(guldborgsund, aeldre_sagen):
    """The command's scope: any municipality, Guldborgsund and Ældre Sagen by default."""
    return ImportScope(
        municipalities=None, default_municipality=guldborgsund, organisation=aeldre_sagen
    )
