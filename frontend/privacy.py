"""Data subject access: a municipality admin downloads everything held about one citizen."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from matching.privacy import citizen_for_export, export_citizen


@login_required
@require_GET
def citizen_export(request, citizen_id):
    citizen = citizen_for_export(user=request.user, citizen_id=citizen_id)
    if citizen is None:
        # Another municipality's citizen, or not an admin: the record does not exist here.
        raise Http404
    data = export_citizen(citizen=citizen, by=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="borger-{citizen.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response
