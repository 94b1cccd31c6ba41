"""Benchmark of `manage.py import_places`: `.venv/bin/python benchmarks/import_places.py`.

Generates a list of N activities (three per meeting place, no coordinates, so every new
place is geocoded offline) as a semicolon CSV, imports it twice into a fresh SQLite file
with the management command, and checks that the second run changed and added nothing.
Prints its figures as one JSON object on its last line.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="samvaer-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-0123456789abcdefghij")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from meetingplaces.models import Activity, MeetingPlace, Municipality, Organisation  # noqa: E402

POSTCODES = ["4800", "4840", "4850", "4862", "4863", "4871", "4872", "4873", "4874", "4880"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
CATEGORIES = ["Fællesskab og kaffe", "Spil og kort", "Sang og musik", "gåture", "kreativt"]


def generated_csv(rows: int) -> bytes:
    lines = ["id;sted_id;navn;adresse;postnr;aktivitet;ugedag;start;slut;kategori;pris"]
    for i in range(rows):
        place = i // 3
        lines.append(
            f"akt-{i};sted-{place};Mødested {place};Skolevej {place % 90 + 1};"
            f"{POSTCODES[place % len(POSTCODES)]};Aktivitet {i};{WEEKDAYS[i % 7]};"
            f"{9 + i % 9}:00;{10 + i % 9}:30;{CATEGORIES[i % 5]};{i % 3 * 10}"
        )
    return "\n".join(lines).encode()


def timed_import(path: Path) -> dict:
    out = StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    call_command(
        "import_places",
        str(path),
        "--municipality",
        "Guldborgsund",
        "--organisation",
        "Ældre Sagen Guldborgsund",
        stdout=out,
    )
    return {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "summary": out.getvalue().strip().splitlines()[-1],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_municipalities", stdout=StringIO())
    Organisation.objects.create(
        municipality=Municipality.objects.get(code="0376"),
        name="Ældre Sagen Guldborgsund",
        kind=Organisation.Kind.ASSOCIATION,
    )
    path = Path(TMP) / "liste.csv"
    path.write_bytes(generated_csv(args.rows))
    first = timed_import(path)
    counts = (MeetingPlace.objects.count(), Activity.objects.count())
    second = timed_import(path)
    assert (MeetingPlace.objects.count(), Activity.objects.count()) == counts
    result = {"rows": args.rows, "places": counts[0], "activities": counts[1]}
    result.update(first=first, second=second)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
