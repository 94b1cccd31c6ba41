"""Error reports without personal data: no posted values, no local variables.

A citizen's name, phone or care reference can sit in either; the traceback's code lines
are enough to find a bug. Active whenever DEBUG is off (Django's rule).
"""

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
