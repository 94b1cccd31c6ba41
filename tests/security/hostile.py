"""Hostile input for tests: payloads that must stay inert, numbers that must be refused.

Use them in the tests of any form, serializer or page that takes or shows free text:
the payloads set `window.__samvaerPwned` if they ever run in a browser.
"""

# Each would set the flag if a page, a map popup or a calendar client ran it.
SCRIPT_PAYLOADS = [
    "<script>window.__samvaerPwned = 1</script>",
    '<img src="x" onerror="window.__samvaerPwned = 1">',
    '"><svg onload="window.__samvaerPwned = 1">',
    "javascript:window.__samvaerPwned = 1",
    "</textarea><script>window.__samvaerPwned = 1</script>",
]

# Shaped like a Danish CPR number in the ways people write them.
CPR_SHAPED = ["0101501234", "010150-1234", "010150 1234", "Født 010150-1234, bor alene"]

# Ordinary text with digits that must still be accepted.
NOT_CPR = ["20 30 40 50", "+45 20304050", "4990 Sakskøbing", "Torvet 12, 2. tv", "1234567890123"]
