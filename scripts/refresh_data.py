"""Refresh the data copies in bot/data from the research folder (`make refresh-data`).

The referral records, the sourced facts and the gazetteer are gathered and corrected in a
research folder outside the repository; the repository carries copies so that it runs and tests
on its own, and nothing reads a path outside it unless staff name one. This script copies, from
the folder given as ``--source`` (``make refresh-data SOURCE=/path/to/research/data``),

    referrals.yaml   -> bot/data/referrals.yaml   (refused when a record has an error)
    facts.md         -> bot/data/sources/facts.md (the sourced facts the answers quote)
    gazetteer/*      -> bot/data/gazetteer/

and writes bot/data/fallback_offers.yaml from the records (the ones
``bot.referrals.fallback.fallback_selection`` names). Without ``--source`` it only writes
bot/data/fallback_offers.yaml again from the repository's own referrals.yaml (after staff edited
it there). A source folder that does not exist is an error. ``--check`` only reports what would
change and exits 1 when anything would.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.load.formats import dump_yaml, parse_yaml  # noqa: E402
from bot.load.validate import has_errors, validate_records  # noqa: E402
from bot.referrals.fallback import FALLBACK_FILE, FALLBACK_HEADER, fallback_selection  # noqa: E402

DEFAULT_TARGET = ROOT / "bot" / "data"
# (file in the research folder, copy under bot/data)
FILES = (("referrals.yaml", "referrals.yaml"), ("facts.md", "sources/facts.md"))
GAZETTEER = "gazetteer"


def _copies(source: Path) -> list[tuple[Path, str]]:
    pairs = [(source / name, copy) for name, copy in FILES]
    gazetteer = source / GAZETTEER
    if gazetteer.is_dir():
        pairs += [(path, f"{GAZETTEER}/{path.name}") for path in sorted(gazetteer.iterdir())]
    return pairs


def _write(target: Path, relative: str, data: bytes, *, check: bool) -> bool:
    """Write ``data`` to ``target/relative`` unless it is there already; True if it changed."""
    path = target / relative
    if path.is_file() and path.read_bytes() == data:
        print(f"  unchanged  bot/data/{relative}")
        return False
    print(f"  {'would update' if check else 'updated'}  bot/data/{relative}")
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def refresh_fallback(target: Path, *, check: bool = False) -> int:
    """Write fallback_offers.yaml from target/referrals.yaml (no research folder involved)."""
    records = parse_yaml((target / "referrals.yaml").read_text(encoding="utf-8"))
    if has_errors(validate_records(records)):
        print("bot/data/referrals.yaml has errors: run `make check-content`.", file=sys.stderr)
        return 1
    fallback = dump_yaml(fallback_selection(records), header=FALLBACK_HEADER)
    changed = _write(target, FALLBACK_FILE, fallback.encode("utf-8"), check=check)
    if check and changed:
        print("fallback_offers.yaml is behind referrals.yaml: run `make refresh-data`.")
        return 1
    return 0


def refresh(source: Path, target: Path, *, check: bool = False) -> int:
    if not source.is_dir():
        print(f"No research folder at {source}: nothing copied.", file=sys.stderr)
        return 1
    pairs = _copies(source)
    missing = [str(path) for path, _ in pairs if not path.is_file()]
    if missing:
        print("The research folder lacks: " + ", ".join(missing), file=sys.stderr)
        return 1
    records = parse_yaml((source / "referrals.yaml").read_text(encoding="utf-8"))
    issues = validate_records(records)
    if has_errors(issues):
        for issue in issues:
            if issue.severity == "error":
                print(f"  ERROR {issue.record}: {issue.field}: {issue.message}", file=sys.stderr)
        print("referrals.yaml of the research folder has errors: nothing copied.", file=sys.stderr)
        return 1
    print(f"Refreshing bot/data from {source}:")
    changed = [_write(target, copy, path.read_bytes(), check=check) for path, copy in pairs]
    fallback = dump_yaml(fallback_selection(records), header=FALLBACK_HEADER)
    changed.append(_write(target, FALLBACK_FILE, fallback.encode("utf-8"), check=check))
    if check and any(changed):
        print("The copies in bot/data are behind the research folder: run `make refresh-data`.")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, help="research folder (without it: fallback_offers.yaml only)"
    )
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if stale")
    args = parser.parse_args(argv)
    if args.source is None:
        return refresh_fallback(args.target, check=args.check)
    return refresh(args.source.resolve(), args.target, check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
