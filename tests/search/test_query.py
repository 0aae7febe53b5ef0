"""The search query's own rules, the same whichever skin builds the query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from photobank.search.query import LATEST, end_of_day


def test_a_date_without_a_time_ends_with_its_day() -> None:
    new_years_eve = datetime(2016, 12, 31, tzinfo=UTC)
    last = end_of_day(new_years_eve)
    assert last == datetime(2016, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
    assert last is not None and last + timedelta(microseconds=1) == datetime(2017, 1, 1, tzinfo=UTC)


def test_a_time_of_day_is_kept_as_given() -> None:
    for given in (
        datetime(2016, 12, 31, 10, tzinfo=UTC),
        datetime(2016, 12, 31, 0, 0, 1, tzinfo=UTC),
        datetime(2016, 12, 31, 0, 30, tzinfo=UTC),
    ):
        assert end_of_day(given) == given


def test_no_bound_stays_no_bound_and_the_last_day_stays_in_range() -> None:
    assert end_of_day(None) is None
    assert end_of_day(datetime(2199, 12, 31, tzinfo=UTC)) == LATEST
