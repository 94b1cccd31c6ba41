"""The sign-in lockout as an authentication backend."""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout for sign-ins that come through a request.

    Code that authenticates without a request (management commands, the shell, tests of
    other backends) cannot be guessed at from outside; it passes on to the next backend
    instead of failing, as Axes would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
