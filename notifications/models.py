"""Every message Samvær sends (e-mail, SMS, printed letter) and each user's preferences.

A message is written first and delivered afterwards, so that nothing is lost when a
provider fails: the row keeps its state, its attempts and the last error until it is sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        LETTER = "letter", _("Brev")

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        RETRYING = "retried", _("Prøves igen")
        FAILED = "failed", _("Fejlet")

    # States in which the delivery job still owes the message an attempt.
    PENDING = (State.QUEUED, State.RETRYING)

    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("skabelon"), max_length=60)
    # Exactly one recipient: a user (staff, coordinator, admin), a volunteer, a citizen, or
    # a relative who asked for a mentor.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("bruger"),
    )
    volunteer = models.ForeignKey(
        "meetingplaces.Volunteer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("frivillig"),
    )
    citizen = models.ForeignKey(
        "matching.Citizen",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("borger"),
    )
    # A relative who asked for a mentor (mentors.MentorRequest holds their contact).
    mentor_request = models.ForeignKey(
        "mentors.MentorRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("pårørende"),
    )
    # The organisation whose coordinators see the message if it fails.
    organisation = models.ForeignKey(
        "meetingplaces.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("organisation"),
    )
    match = models.ForeignKey(
        "matching.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("match"),
    )
    subject = models.CharField(_("emne"), max_length=200, blank=True)
    body = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    state = models.CharField(
        _("tilstand"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), null=True, blank=True)
    last_error = models.CharField(_("seneste fejl"), max_length=300, blank=True)
    # Makes a job's second run send nothing new: one message per key, ever.
    dedupe_key = models.CharField(_("nøgle"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, volunteer=None, citizen=None, mentor_request=None)
                    | Q(user=None, volunteer__isnull=False, citizen=None, mentor_request=None)
                    | Q(user=None, volunteer=None, citizen__isnull=False, mentor_request=None)
                    | Q(user=None, volunteer=None, citizen=None, mentor_request__isnull=False)
                ),
                name="message_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="message_unique_dedupe_key",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["organisation", "state"], name="message_failures_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.template} ({self.get_state_display()})"

    @property
    def recipient(self):
        return self.user or self.volunteer or self.citizen or self.mentor_request


class Preference(models.Model):
    """How a signed-in user wants to hear from Samvær."""

    class Proposals(models.TextChoices):
        IMMEDIATE = "immediate", _("Med det samme")
        DIGEST = "digest", _("Én samlet e-mail om dagen")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("bruger"),
    )
    proposals = models.CharField(
        _("nye forslag"), max_length=10, choices=Proposals.choices, default=Proposals.IMMEDIATE
    )
    # Notices that are not needed for the work itself (reminders to verify entries, digests)
    # can be turned off; the law asks for an unsubscribe link on those.
    reminders = models.BooleanField(_("påmindelser"), default=True)
    language = models.CharField(
        _("sprog"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    last_digest_on = models.DateField(_("seneste samlede e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("beskedindstilling")
        verbose_name_plural = _("beskedindstillinger")

    def __str__(self):
        return str(self.user)


class EscalationStep(models.Model):
    """One step taken for a proposal nobody answered: reminded, handed over, told the
    municipality. One row per level, so the daily job never takes a step twice."""

    class Level(models.IntegerChoices):
        REMINDED = 1, _("Koordinatoren er mindet om forslaget")
        HANDED_OVER = 2, _("Givet videre til en anden koordinator")
        MUNICIPALITY = 3, _("Kommunen er orienteret")

    match = models.ForeignKey(
        "matching.Match",
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("match"),
    )
    level = models.PositiveSmallIntegerField(_("trin"), choices=Level.choices)
    taken_at = models.DateTimeField(_("tidspunkt"))

    class Meta:
        ordering = ["match", "level"]
        verbose_name = _("eskalering")
        verbose_name_plural = _("eskaleringer")
        constraints = [
            models.UniqueConstraint(fields=["match", "level"], name="escalation_unique_level")
        ]

    def __str__(self):
        return f"{self.match_id}: {self.get_level_display()}"
