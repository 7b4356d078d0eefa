"""The conversation's language: detection of the six supported languages on short messages."""

from bot.language.detect import (
    SUPPORTED,
    LanguageCode,
    LanguageVerdict,
    detect_language,
    requested_language,
)

__all__ = ["SUPPORTED", "LanguageCode", "LanguageVerdict", "detect_language", "requested_language"]
