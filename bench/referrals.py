"""Benchmark of the referral search: p50/p95 of ``find_offers`` with 10,000 synthetic offers.

Creates its own throwaway databases (a temporary SQLite file and a PostgreSQL database named
``lotse_bench_<random>`` on 127.0.0.1:5432, user postgres) and removes them afterwards. The
synthetic offers are marked as such (name prefix ``SYNTHETIC``, source ``synthetic.invalid``)
and never touch the real database.

After loading, PostgreSQL gets ``VACUUM ANALYZE``: in a deployment autovacuum does that after
a bulk change, and without statistics the planner guesses join orders from table sizes alone
(``--no-analyze`` measures that cold case). SQLite is measured as the bot runs it, unanalysed.

    .venv/bin/python bench/referrals.py [--offers 10000] [--lookups 2000] [--no-postgres]
                                        [--no-analyze]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from bot.db.admin import temporary_postgres_database
from bot.db.models import Offer, OfferAudience, OfferCoverage
from bot.db.session import dispose_engines, get_engine, get_session_factory, upgrade_schema
from bot.geo import all_kreise
from bot.load.formats import read_records
from bot.load.referrals_yaml import import_records
from bot.referrals import find_offers, lookup
from bot.vocab import AUDIENCES

REPO = Path(__file__).resolve().parent.parent
LOCAL_KINDS = ("wegweiser_site", "peer_project", "network_partner")


def fill(url: str, count: int, rng: random.Random, *, analyze: bool = True) -> None:
    """Schema, the real records, then ``count`` synthetic offers (bulk inserts)."""
    upgrade_schema(url)
    with get_session_factory(url).begin() as session:
        import_records(session, read_records(REPO / "bot" / "data" / "referrals.yaml"))
    keys = [kreis.kreis_key for kreis in all_kreise()]
    offers, coverage, audiences = [], [], []
    for n in range(1, count + 1):
        offer_id = 100_000 + n
        offers.append(
            {
                "id": offer_id,
                "name": f"SYNTHETIC {n:05d} (benchmark only, not a real offer)",
                "kind": rng.choice(LOCAL_KINDS),
                "phone": f"0201 {rng.randint(100000, 999999)}",
                "phone_status": rng.choice(("verified_operator_source", "none")),
                "website": f"https://synthetic.invalid/offer/{n}",
                "source_url": f"https://synthetic.invalid/offer/{n}",
                "source_date": "synthetic",
                "notes": "SYNTHETIC benchmark record",
                "additional_sources": [],
            }
        )
        for position, key in enumerate(rng.sample(keys, rng.randint(1, 3))):
            coverage.append(
                {
                    "offer_id": offer_id,
                    "position": position,
                    "covers_text": key,
                    "scope": "kreis",
                    "kreis_key": key,
                    "inferred": False,
                }
            )
        for position, audience in enumerate(rng.sample(AUDIENCES, rng.randint(1, 4))):
            audiences.append({"offer_id": offer_id, "audience": audience, "position": position})
    if not offers:
        return
    with get_session_factory(url).begin() as session:
        session.execute(insert(Offer), offers)
        session.execute(insert(OfferCoverage), coverage)
        session.execute(insert(OfferAudience), audiences)
    engine = get_engine(url)
    if analyze and engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[94] * 1000


def measure(call: Callable[[str, str], object], lookups: int, rng: random.Random) -> list[float]:
    keys = [kreis.kreis_key for kreis in all_kreise()]
    samples = []
    for _ in range(lookups):
        key, audience = rng.choice(keys), rng.choice(AUDIENCES)
        start = time.perf_counter()
        call(key, audience)
        samples.append(time.perf_counter() - start)
    return samples


def run(label: str, url: str, args: argparse.Namespace) -> None:
    rng = random.Random(20261123)
    start = time.perf_counter()
    fill(url, args.offers, rng, analyze=args.analyze)
    print(f"{label}: {args.offers} synthetic offers loaded in {time.perf_counter() - start:.1f} s")
    with get_session_factory(url).begin() as session:
        sizes = [
            len(find_offers(session, kreis_key=k.kreis_key, audience="relatives", limit=None).local)
            for k in all_kreise()
        ]
        measure(lambda k, a: find_offers(session, kreis_key=k, audience=a), 50, rng)  # warm-up
        shared = measure(
            lambda k, a: find_offers(session, kreis_key=k, audience=a), args.lookups, rng
        )
    own = measure(lambda k, a: lookup(k, a, url=url), args.lookups, rng)
    p50, p95 = percentiles(shared)
    print(
        f"{label}: find_offers (one session)    p50 {p50:6.2f} ms   p95 {p95:6.2f} ms"
        f"   (local offers per Kreis: median {statistics.median(sizes):.0f})"
    )
    p50, p95 = percentiles(own)
    print(f"{label}: lookup (session per call)    p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="skip VACUUM ANALYZE on PostgreSQL after loading",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lotse-bench-") as tmp:
        run("SQLite    ", f"sqlite:///{Path(tmp) / 'bench.db'}", args)
        dispose_engines()
    if not args.no_postgres:
        with temporary_postgres_database("lotse_bench") as url:
            run("PostgreSQL", url, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
