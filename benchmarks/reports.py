"""The outcome reports over 10,000 citizens with 30,000 screenings.

Builds a throw-away SQLite database: one municipality with 6 home-care teams, 12
organisations, 60 meeting places and 300 activities; 10,000 citizens flagged over the last
year, each with a baseline and (mostly) 8- and 12-week screenings (30,000 in all), about
7,500 matches with a status history (proposed, accepted or declined, contact, first
visit, taking part, ended). Then times, as a municipality admin asks for them (queries,
suppression and the tables included):
- the funnel report (all its tables), the effect report, the gap report (squares and the
  five best places by greedy maximum coverage).
Each is run once cold, then `--repeat` times; the first, the median and the worst warm
call are printed. Target: each under
200 ms. The last line is one JSON object with the figures.

    .venv/bin/python benchmarks/reports.py [--citizens 10000] [--repeat 7]
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(directory: str, database_url: str = "") -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghij")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(rng: random.Random, *, citizens: int) -> object:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from matching.models import Citizen, Match, MatchStatusChange, Screening
    from meetingplaces.models import (
        Activity,
        MeetingPlace,
        Membership,
        Municipality,
        Organisation,
        Team,
    )
    from meetingplaces.vocabulary import Category
    from outcomes.models import SuggestionShown

    now = timezone.now()
    municipality = Municipality.objects.create(code="0376", name="Benchmark", slug="bench")
    teams = Team.objects.bulk_create(
        Team(municipality=municipality, name=f"Team {i}") for i in range(6)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(municipality=municipality, name=f"Forening {i}", kind="association")
        for i in range(12)
    )
    centre = (54.77, 11.87)

    def near(spread):
        return (
            round(centre[0] + rng.uniform(-spread, spread) * 0.009, 3),
            round(centre[1] + rng.uniform(-spread, spread) * 0.016, 3),
        )

    places = MeetingPlace.objects.bulk_create(
        MeetingPlace(
            municipality=municipality,
            name=f"Mødested {i}",
            street="Torvet 1",
            postcode="4800",
            town="Nykøbing F",
            latitude=near(20)[0],
            longitude=near(20)[1],
            step_free=i % 2 == 0,
        )
        for i in range(60)
    )
    categories = list(Category.values)
    activities = Activity.objects.bulk_create(
        Activity(
            municipality=municipality,
            meeting_place=places[i % 60],
            organisation=organisations[i % 12],
            title=f"Aktivitet {i}",
            category=categories[i % len(categories)],
            interests=1 << (i % 20) | 1 << ((i * 7) % 20),
            weekday=i % 5,
            start_time=clock(10, 0),
            end_time=clock(12, 0),
            capacity=None,
        )
        for i in range(300)
    )
    admin = get_user_model().objects.create(username="kommune")
    Membership.objects.create(user=admin, role="admin", municipality=municipality)

    rows, screenings, shown = [], [], []
    for i in range(citizens):
        latitude, longitude = near(20)
        flagged = now - timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 23))
        rows.append(
            Citizen(
                municipality=municipality,
                team=teams[i % 6],
                care_reference=f"B-{i:06d}",
                first_name="X",
                postcode="4800",
                latitude=latitude,
                longitude=longitude,
                mobility=rng.choice(["walks_alone", "walker", "wheelchair", "housebound"]),
                max_distance_km=rng.choice([1, 2, 3, 5, 8]),
                interests=rng.getrandbits(20),
                status="waiting",
                waiting_since=flagged,
                consent_given_at=flagged,
                consent_method="verbal",
            )
        )
    Citizen.objects.bulk_create(rows, batch_size=2000)
    rows = list(Citizen.objects.order_by("care_reference"))
    flagged_at = {}
    for citizen in rows:
        flagged = now - timedelta(days=rng.randint(0, 364))
        flagged_at[citizen.pk] = flagged
        base = rng.randint(5, 9)
        for kind, weeks, total in (
            ("baseline", 0, base),
            ("week_8", 8, min(9, max(3, base - rng.choice([-1, 0, 0, 1, 1, 2])))),
            ("week_12", 12, min(9, max(3, base - rng.choice([-1, 0, 1, 1, 2, 2])))),
        ):
            first = min(3, total - 2)
            second = min(3, total - first - 1)
            screenings.append(
                Screening(
                    citizen=citizen,
                    kind=kind,
                    taken_on=(flagged + timedelta(weeks=weeks)).date(),
                    lacks_companionship=first,
                    feels_left_out=second,
                    feels_isolated=total - first - second,
                )
            )
        if rng.random() < 0.8:
            shown.append(SuggestionShown(citizen=citizen, shown_at=flagged, suggestions=3))
    Screening.objects.bulk_create(screenings, batch_size=5000)
    SuggestionShown.objects.bulk_create(shown, batch_size=5000)

    matches = []
    for citizen in rows:
        if rng.random() > 0.75:
            continue
        activity = activities[rng.randrange(300)]
        matches.append(
            Match(
                citizen=citizen,
                activity=activity,
                organisation_id=activity.organisation_id,
                score=0.5,
                status="proposed",
            )
        )
    Match.objects.bulk_create(matches, batch_size=5000)
    history = []
    steps = ["accepted", "contacted", "first_visit", "participating", "ended"]
    statuses = {}
    for match in matches:
        at = flagged_at[match.citizen_id] + timedelta(days=1)
        history.append(
            MatchStatusChange(
                match=match,
                from_status="",
                to_status="proposed",
                changed_by=admin if rng.random() < 0.7 else None,
            )
        )
        if rng.random() < 0.2:
            history.append(
                MatchStatusChange(match=match, from_status="proposed", to_status="declined")
            )
            statuses[match.pk] = "declined"
            continue
        before = "proposed"
        for step in steps[: rng.randint(1, 5)]:
            at += timedelta(days=rng.randint(1, 20))
            history.append(
                MatchStatusChange(
                    match=match, from_status=before, to_status=step, happened_on=at.date()
                )
            )
            before = step
        statuses[match.pk] = before
    MatchStatusChange.objects.bulk_create(history, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        # Dates in bulk: flagged times and match statuses, one statement each.
        cursor.executemany(
            "UPDATE matching_citizen SET created_at = %s WHERE id = %s",
            [(flagged_at[c.pk], _key(c.pk)) for c in rows],
        )
        cursor.executemany(
            "UPDATE matching_match SET status = %s, decline_reason = %s WHERE id = %s",
            [(s, "Ingen plads" if s == "declined" else "", _key(pk)) for pk, s in statuses.items()],
        )
        cursor.executemany(
            "UPDATE matching_citizen SET status = 'participating' WHERE id = %s",
            [(_key(m.citizen_id),) for m in matches if statuses[m.pk] == "participating"],
        )
        if connection.vendor == "postgresql":
            # Statistics and a vacuumed heap, as autovacuum would leave them after a bulk
            # load: without statistics the planner joins the per-citizen steps by a nested
            # loop, and an autovacuum started by the load would run during the timings.
            cursor.execute("VACUUM ANALYZE")
    return admin, len(screenings), len(matches), len(history)


def _key(pk):
    """A UUID as the database stores it: 32 hex digits in SQLite, a uuid in PostgreSQL."""
    from django.db import connection

    return pk.hex if connection.vendor == "sqlite" else str(pk)


def timed(function, repeat: int) -> dict:
    """The first call (cold: query plans, translations, imports) apart from the warm ones,
    as a running server answers them."""
    start = time.perf_counter()
    function()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "first_ms": round(first, 1),
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", help="a folder to build the database in once and reuse")
    parser.add_argument(
        "--database-url", default="", help="e.g. postgres://...: an empty database to fill"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        directory = args.keep or directory
        exists = Path(directory, "bench.sqlite3").exists() and not args.database_url
        setup_django(directory, args.database_url)
        started = time.perf_counter()
        if exists:
            from django.contrib.auth import get_user_model

            from matching.models import Match, MatchStatusChange, Screening

            admin = get_user_model().objects.get(username="kommune")
            screenings, matches = Screening.objects.count(), Match.objects.count()
            history = MatchStatusChange.objects.count()
        else:
            admin, screenings, matches, history = build(random.Random(15), citizens=args.citizens)
        print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        from outcomes.reports import report_request
        from outcomes.selectors import effect_report, funnel_report, gap_report

        found = report_request(admin, {})
        figures = {
            "citizens": args.citizens,
            "screenings": screenings,
            "matches": matches,
            "history_rows": history,
            "funnel": timed(lambda: funnel_report(found.cohort), args.repeat),
            "effect": timed(lambda: effect_report(found.cohort), args.repeat),
            "gaps": timed(lambda: gap_report(found.scope), args.repeat),
        }
        total = funnel_report(found.cohort)[0].as_dict()["total"]
        figures["funnel_total"] = total
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
