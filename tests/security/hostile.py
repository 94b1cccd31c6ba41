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

# A CPR number as people (and copies from other systems) write it: every one is refused.
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")

# A fictional CPR number (1 January 1950, serial 1234), the root of the variants below.
FICTIONAL_CPR = "010150-1234"

CPR_VARIANTS = {
    "ten digits": "0101501234",
    "dash": FICTIONAL_CPR,
    "space": "010150 1234",
    "in a sentence": f"Født {FICTIONAL_CPR}, bor alene",
    "en dash": "010150–1234",
    "em dash": "010150—1234",
    "minus sign": "010150−1234",
    "hyphen": "010150‐1234",
    "non-breaking hyphen": "010150‑1234",
    "figure dash": "010150‒1234",
    "horizontal bar": "010150―1234",
    "small hyphen-minus": "010150﹣1234",
    "spaced dash": "010150 - 1234",
    "spaced en dash": "010150 – 1234",
    "dotted date": "01.01.50-1234",
    "dotted date, spaced dash": "01.01.50 - 1234",
    "all dots": "01.01.50.12.34",
    "dot": "010150.1234",
    "slash": "010150/1234",
    "pairs": "01 01 50 12 34",
    "date and serial in pairs": "010150 12 34",
    "dashed date": "01-01-50-1234",
    "arabic-indic digits": FICTIONAL_CPR.translate(ARABIC_INDIC),
    "extended arabic-indic digits": FICTIONAL_CPR.translate(EXTENDED_ARABIC_INDIC),
    "devanagari digits": "0101501234".translate(DEVANAGARI),
    "fullwidth": FICTIONAL_CPR.translate(FULLWIDTH),
    "zero-width space": "0101\u200b50\u200b1234",
    "zero-width joiner": "010150\u200d-1234",
    "soft hyphen": "0101\u00ad501234",
    "word joiner": "010150\u2060-\u20601234",
    "no-break space": "010150\u00a01234",
    "narrow no-break space": "01\u202f01\u202f50\u202f12\u202f34",
    "superscript digits": "⁰¹⁰¹⁵⁰-¹²³⁴",
    "replacement number (day + 60)": "610150-1234",
    "after a phone number": "ring 12 34 56 78 eller 01 01 50 12 34",
    "glued to words": "cpr:0101501234.",
}

# Ordinary text with digits (phone numbers, dates, postcodes) that must still be accepted.
NOT_CPR = {
    "phone in pairs": "20 30 40 50",
    "phone with country code": "+45 20304050",
    "phone with country code in pairs": "+45 20 30 40 50",
    "phone with 0045": "0045 20304050",
    "two phone numbers": "tlf. 12345678 / 87654321",
    "postcode and town": "4990 Sakskøbing",
    "address": "Torvet 12, 2. tv",
    "long number": "1234567890123",
    "eleven digits": "01015012345",
    "ten digits that are no date": "1234567890",
    "dotted date": "01.01.1950",
    "iso date": "2024-01-15",
    "date and time": "15.01.2024 10.30",
    "date and clock": "Mødet 15.01.2024 kl. 10.30",
    "count": "3 kopper kaffe, 2 stk. kage",
}
