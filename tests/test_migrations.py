"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from config import TestConfig
from judging import create_app
from judging.extensions import db

SCHEMA = f"migrate_{os.getpid()}"


def _config(tmp_path):
    url = os.environ.get("DATABASE_URL", "")

    class MigrateConfig(TestConfig):
        if url.startswith("postgres"):
            SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}
        else:
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrate.db'}"

    return MigrateConfig


def _with_fresh_schema(config, body):
    on_pg = config.SQLALCHEMY_DATABASE_URI.startswith("postgresql")
    if on_pg:
        engine = create_engine(config.SQLALCHEMY_DATABASE_URI)
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    try:
        app = create_app(config)
        with app.app_context():
            body()
            db.engine.dispose()
    finally:
        if on_pg:
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            engine.dispose()


def test_migrations_match_the_models(tmp_path):
    def body():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}), db.metadata)
        assert diff == [], diff
        assert "alembic_version" in inspect(db.engine).get_table_names()

    _with_fresh_schema(_config(tmp_path), body)


def test_migrations_go_down_and_up_again(tmp_path):
    def body():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "entry" in inspect(db.engine).get_table_names()

    _with_fresh_schema(_config(tmp_path), body)
