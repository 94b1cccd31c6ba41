"""Data subject access: a municipality admin downloads everything held about one citizen."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from matching.access import access_citizen_for_export
from matching.privacy import export_citizen


@login_required
@require_GET
def citizen_export(request, citizen_id):
    # Another municipality's citizen, or not an admin: the record does not exist here.
    citizen = access_citizen_for_export(request.user, citizen_id)
    data = export_citizen(citizen=citizen, by=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="borger-{citizen.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response
