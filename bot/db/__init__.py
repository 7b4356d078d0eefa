"""Database layer: models, lazy engine/session factory, Alembic migrations."""
