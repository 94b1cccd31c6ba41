"""Importing a list of meeting places and activities: upload, a preview of every row with
what would happen and why, then confirm. For coordinators and municipality admins."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from meetingplaces.importing.plan import Action
from meetingplaces.importing.reading import ImportFileError, read_table
from meetingplaces.importing.selectors import access_import_upload
from meetingplaces.importing.services import (
    import_places,
    import_upload_confirm,
    import_upload_create,
)
from security.body_limit import accepts_file_upload

from .decorators import importer_required

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A preview lists every refused row, and this many of the others.
PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Importér til"))
    file = forms.FileField(
        label=gettext_lazy("Fil (CSV eller Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target.key: target for target in targets}
        self.fields["target"].choices = [(t.key, t.label) for t in targets]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er større end 5 MB. Del den op i flere filer."))
        try:
            read_table(upload.read(), upload.name)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        upload.seek(0)
        return upload


@accepts_file_upload(MAX_UPLOAD_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
@importer_required
def upload_page(request, *, targets):
    form = UploadForm(request.POST or None, request.FILES or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = form.targets[form.cleaned_data["target"]]
        upload = import_upload_create(
            user=request.user,
            municipality=target.municipality,
            organisation=target.organisation,
            upload_file=form.cleaned_data["file"],
        )
        return redirect("frontend:import-preview", pk=upload.uuid)
    return render(request, "frontend/importing/upload.html", {"form": form, **_way_back(targets)})


@require_http_methods(["GET", "HEAD", "POST"])
@importer_required
def preview_page(request, pk, *, targets):
    upload, target = access_import_upload(request.user, pk)
    if request.method == "POST":
        plan = import_upload_confirm(upload=upload, scope=target.scope)
        messages.success(request, _summary(plan.counts, done=True))
        return redirect("frontend:import")
    plan = import_places(
        content=bytes(upload.content), filename=upload.filename, scope=target.scope, dry_run=True
    )
    others = [o for o in plan.outcomes if o.action != Action.REFUSED]
    return render(
        request,
        "frontend/importing/preview.html",
        {
            "upload": upload,
            "target": target,
            "plan": plan,
            "summary": _summary(plan.counts, done=False),
            "refused": plan.refused,
            "others": others[:PREVIEW_ROWS],
            "others_left_out": max(0, len(others) - PREVIEW_ROWS),
            "to_write": plan.counts[Action.CREATE] + plan.counts[Action.UPDATE],
            **_way_back(targets),
        },
    )


def _way_back(targets) -> dict:
    """Coordinators came from their inbox; admins have no page of their own yet."""
    is_coordinator = any(target.organisation for target in targets)
    return {"is_coordinator": is_coordinator}


def _summary(counts, *, done: bool) -> str:
    numbers = {
        "created": counts[Action.CREATE],
        "updated": counts[Action.UPDATE],
        "unchanged": counts[Action.UNCHANGED],
        "refused": counts[Action.REFUSED],
    }
    if done:
        return (
            _(
                "Importen er gemt: %(created)s oprettet, %(updated)s opdateret, "
                "%(unchanged)s uændret, %(refused)s afvist."
            )
            % numbers
        )
    return (
        _(
            "%(created)s oprettes, %(updated)s opdateres, %(unchanged)s er uændret, "
            "%(refused)s afvises."
        )
        % numbers
    )
