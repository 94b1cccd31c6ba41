"""Sending an SMS: one small interface, a console provider for development and an adapter
for GatewayAPI (a Danish gateway, https://gatewayapi.com/docs/) for production.

A provider either returns (the gateway took the message) or raises SmsError with a short
reason; the delivery service keeps the reason on the message and tries again later.
"""

import logging
import re

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not take the message; the text is safe to store and show."""


def msisdn(phone: str) -> str:
    """A phone number as the gateways want it: digits with the country code (45 for
    Denmark when the number has the usual eight digits)."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("00"):
        digits = digits[2:]
    if len(digits) == 8:
        digits = "45" + digits
    if not 8 < len(digits) <= 15:
        raise SmsError("Ugyldigt telefonnummer.")
    return digits


class ConsoleProvider:
    """Development: the SMS goes to the log instead of a phone."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS til %s: %s", msisdn(to), text)


class GatewayApiProvider:
    """GatewayAPI's REST endpoint: POST JSON, authenticated by the account's API token."""

    def __init__(self, *, url: str, token: str, sender: str, timeout: float):
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def send(self, *, to: str, text: str) -> None:
        try:
            response = requests.post(
                self.url,
                json={
                    "sender": self.sender,
                    "message": text,
                    "recipients": [{"msisdn": int(msisdn(to))}],
                },
                headers={"Authorization": f"Token {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise SmsError(f"SMS-udbyderen svarer ikke ({type(error).__name__}).") from error
        if response.status_code >= 300:
            raise SmsError(f"SMS-udbyderen svarede {response.status_code}.")


def provider():
    if settings.SMS_PROVIDER == "gatewayapi":
        return GatewayApiProvider(
            url=settings.SMS_API_URL,
            token=settings.SMS_API_TOKEN,
            sender=settings.SMS_SENDER,
            timeout=settings.SMS_TIMEOUT,
        )
    return ConsoleProvider()
