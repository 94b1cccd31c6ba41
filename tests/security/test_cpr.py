"""The one CPR check: every way a person (or a copy from another system) writes a CPR number
is refused; dates, phone numbers, postcodes and addresses are not CPR numbers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from security.cpr import contains_cpr_number, refuse_cpr_number
from tests.security.hostile import (
    ARABIC_INDIC,
    CPR_VARIANTS,
    DEVANAGARI,
    EXTENDED_ARABIC_INDIC,
    FULLWIDTH,
    NOT_CPR,
)


@pytest.mark.parametrize("text", CPR_VARIANTS.values(), ids=CPR_VARIANTS.keys())
def test_every_way_of_writing_a_cpr_number_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        refuse_cpr_number(text)
    assert refused.value.code == "cpr_number"
    assert "CPR" in refused.value.messages[0]


def test_at_least_31_writings_are_checked():
    assert len(CPR_VARIANTS) >= 31


@pytest.mark.parametrize("text", NOT_CPR.values(), ids=NOT_CPR.keys())
def test_numbers_that_are_not_cpr_numbers_are_accepted(text):
    refuse_cpr_number(text)


BIRTH_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
DIGITS = st.sampled_from([None, ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULLWIDTH, DEVANAGARI])
SEPARATORS = st.sampled_from(
    ["", "-", " ", ".", "/", " - ", "–", "—", "−", " – ", "\u00a0", "\u200b", "\u00ad"]
)
WORDS = st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=20)


@given(
    BIRTH_DATES,
    st.integers(min_value=0, max_value=9999),
    SEPARATORS,
    st.sampled_from([None, " ", ".", "-", " - "]),
    DIGITS,
    WORDS,
    WORDS,
)
def test_any_cpr_number_however_written_is_found_wherever_it_stands(
    born, serial, separator, pairs_by, digits, before, after
):
    day, month, year = f"{born:%d}", f"{born:%m}", f"{born:%y}"
    serial = f"{serial:04d}"
    if pairs_by is None:
        written = day + month + year + separator + serial
    else:  # "01.01.50.12.34", "01 01 50 12 34" …
        written = pairs_by.join([day, month, year, serial[:2], serial[2:]])
    if digits is not None:
        written = written.translate(digits)

    assert contains_cpr_number(f"{before} {written} {after}")


@given(
    st.integers(min_value=10_000_000, max_value=99_999_999),
    st.booleans(),
    st.sampled_from(["", "+45 ", "0045 ", "+45"]),
    WORDS,
)
def test_danish_phone_numbers_are_never_taken_for_cpr_numbers(number, in_pairs, prefix, words):
    digits = str(number)
    written = " ".join(digits[i : i + 2] for i in range(0, 8, 2)) if in_pairs else digits

    assert not contains_cpr_number(f"{words} {prefix}{written} {words}")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), WORDS)
def test_dates_with_four_digit_years_are_not_cpr_numbers(day, words):
    for written in (f"{day:%d.%m.%Y}", f"{day:%Y-%m-%d}", f"{day:%d/%m/%Y} kl. 10.30"):
        assert not contains_cpr_number(f"{words} {written}")
