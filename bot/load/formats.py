"""Read and write referral records as YAML (the ``referrals.yaml`` format) or CSV."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.load.records import FIELDS, LIST_FIELDS, RecordFormatError, ReferralRecord

# Several list values share one CSV cell, one per line.
CSV_LIST_SEPARATOR = "\n"

YAML_HEADER = """\
# Referral directory: prevention/counselling against violent Salafism / Islamism in NRW
# Exported by `lotse db export`; same format as referrals.yaml (see docs/data.md).
# Empty string = not found. Never fill gaps by guessing.
"""


def file_format(path: Path) -> str:
    """ "yaml" or "csv" from the file extension; ValueError otherwise."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    raise ValueError(f"unsupported file type {suffix or '(none)'}: use .yaml, .yml or .csv")


def parse_yaml(text: str) -> list[ReferralRecord]:
    data = yaml.safe_load(text)
    if data is None:
        return []
    if not isinstance(data, list):
        raise RecordFormatError("the YAML file must hold a list of records")
    return [ReferralRecord.from_mapping(item, position=i) for i, item in enumerate(data, 1)]


def dump_yaml(records: Iterable[ReferralRecord], *, header: str = YAML_HEADER) -> str:
    """Records in the format of referrals.yaml, after ``header`` (comment lines)."""
    body = yaml.safe_dump(
        [record.to_mapping() for record in records],
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )
    return header + body


def parse_csv(text: str) -> list[ReferralRecord]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in FIELDS if name not in (reader.fieldnames or [])]
    if missing:
        raise RecordFormatError(f"CSV header lacks column(s): {', '.join(missing)}")
    records = []
    for i, row in enumerate(reader, 1):
        mapping: dict[str, object] = {}
        for name in FIELDS:
            cell = row.get(name) or ""
            if name in LIST_FIELDS:
                mapping[name] = [item for item in cell.split(CSV_LIST_SEPARATOR) if item]
            else:
                mapping[name] = cell
        records.append(ReferralRecord.from_mapping(mapping, position=i))
    return records


def dump_csv(records: Iterable[ReferralRecord]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = record.to_mapping()
        for name in LIST_FIELDS:
            items = row[name]
            if any(CSV_LIST_SEPARATOR in item for item in items):
                raise RecordFormatError(f"{record.name}: a {name} entry contains a line break")
            row[name] = CSV_LIST_SEPARATOR.join(items)
        writer.writerow(row)
    return out.getvalue()


def read_records(path: Path) -> list[ReferralRecord]:
    """Records from a ``.yaml``/``.yml`` or ``.csv`` file."""
    text = path.read_text(encoding="utf-8")
    return parse_yaml(text) if file_format(path) == "yaml" else parse_csv(text)


def write_records(path: Path, records: Iterable[ReferralRecord]) -> None:
    text = dump_yaml(records) if file_format(path) == "yaml" else dump_csv(records)
    path.write_text(text, encoding="utf-8")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
