"""Controlled vocabularies of the referral directory (shared by DB, loader and service)."""

from __future__ import annotations

KINDS: tuple[str, ...] = (
    "wegweiser_site",
    "online_chat",
    "hotline",
    "exit_programme",
    "authority_contact",
    "emergency",
    "crisis_line",
    "network_partner",
    "peer_project",
    "school_offer",
    "professional_offer",
    "network",
    "research_network",
    "information_portal",
)

AUDIENCES: tuple[str, ...] = ("relatives", "teachers", "affected", "exit", "professionals")

PHONE_STATUSES: tuple[str, ...] = (
    "verified_operator_source",
    "verified_official_source",
    "verified_two_sources",
    "official_source_undated",
    "found_older_source",
    "single_secondary_source",
    "unconfirmed_single_secondary_source",
    "none",
)

# Only numbers with one of these statuses are ever shown to users (data README).
SHOWABLE_PHONE_STATUSES: frozenset[str] = frozenset(
    {
        "verified_operator_source",
        "verified_official_source",
        "verified_two_sources",
        "official_source_undated",
    }
)

# Never offered as counselling: emergency numbers are looked up on their own, and the
# Verfassungsschutz contact is not a counselling line.
NON_COUNSELLING_KINDS: frozenset[str] = frozenset({"emergency", "crisis_line", "authority_contact"})
EMERGENCY_KINDS: tuple[str, ...] = ("emergency", "crisis_line")

# Coverage scopes: one Kreis, all of NRW, all of Germany, or a text-only remark.
COVERAGE_SCOPES: tuple[str, ...] = ("kreis", "nrw", "de", "note")
