"""Municipalities, their home-care teams, the organisations that serve them, and the
people's roles in them (memberships)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from security.cpr import refuse_cpr_number


class Municipality(models.Model):
    code = models.CharField(_("kommunekode"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True, validators=[refuse_cpr_number])
    slug = models.SlugField(_("kort navn"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class Team(models.Model):
    """A home-care team; its staff flag citizens and follow them."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=100, validators=[refuse_cpr_number])

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("hjemmeplejeteam")
        verbose_name_plural = _("hjemmeplejeteams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name"),
        ]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def serving(self, municipality):
        """The municipality boundary: organisations whose activities may be proposed to the
        municipality's citizens (its own, and those serving it by agreement)."""
        return self.filter(Q(municipality=municipality) | Q(serves=municipality))


class Organisation(models.Model):
    """An association (Ældre Sagen, Røde Kors...) or a municipal unit that runs activities."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Forening")
        MUNICIPAL = "municipal", _("Kommunal enhed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=150, validators=[refuse_cpr_number])
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True, validators=[refuse_cpr_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    # When it last changed: the open-data feed's last_modified and modified_after.
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    # Its own municipality always counts (see `serving`); further ones by an agreement.
    serves = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="served_by",
        verbose_name=_("betjener kommuner"),
        help_text=_(
            "Kommuner hvis borgere kan få foreslået organisationens aktiviteter, efter aftale. "
            "Organisationens egen kommune er altid med."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role: staff of a team, coordinator or volunteer of an organisation, or
    admin of a municipality. A user may hold several."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Hjemmeplejemedarbejder")
        COORDINATOR = "coordinator", _("Frivilligkoordinator")
        VOLUNTEER = "volunteer", _("Frivillig")
        ADMIN = "admin", _("Kommuneadministrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("bruger"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("kommune"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("team"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            # Staff belong to exactly a team; coordinators and volunteers to exactly an
            # organisation; admins to the municipality alone.
            models.CheckConstraint(
                condition=(
                    Q(role="staff", team__isnull=False, organisation__isnull=True)
                    | Q(
                        role__in=["coordinator", "volunteer"],
                        team__isnull=True,
                        organisation__isnull=False,
                    )
                    | Q(role="admin", team__isnull=True, organisation__isnull=True)
                ),
                name="membership_role_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "team"],
                condition=Q(role="staff"),
                name="membership_unique_staff",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(role__in=["coordinator", "volunteer"]),
                name="membership_unique_organisation_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(role="admin"),
                name="membership_unique_admin",
            ),
        ]

    def __str__(self):
        scope = self.team or self.organisation or self.municipality
        return f"{self.user} – {self.get_role_display()} ({scope})"
