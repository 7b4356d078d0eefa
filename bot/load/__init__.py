"""Import, export and validation of the referral directory."""
