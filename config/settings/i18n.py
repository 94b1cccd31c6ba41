"""Languages and time: Danish first, English available."""

from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
