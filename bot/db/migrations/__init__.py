"""Alembic migrations of the referral database (run through ``bot.db.session.upgrade_schema``)."""
