"""Samvær's settings (DJANGO_SETTINGS_MODULE=config.settings), configured from the
environment, in parts.

The defaults give the embedded mode (SQLite, in-memory channel layer, inline tasks,
offline geocoder). DATABASE_URL and REDIS_URL switch to the scale-out mode. Each part
declares its own settings and no part changes another's, so the order of the imports below
does not matter.
"""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .database import *  # noqa: F403
from .entries import *  # noqa: F403
from .environment import *  # noqa: F403
from .geo import *  # noqa: F403
from .i18n import *  # noqa: F403
from .notifications import *  # noqa: F403
from .scale_out import *  # noqa: F403
from .security import *  # noqa: F403
