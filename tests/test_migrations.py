"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

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


def test_pairs_stored_twice_keep_the_first_verdict_when_the_pair_index_comes(tmp_path):
    from flask_migrate import stamp

    from judging.models import Category, Comparison, Edition, Entry, Judge, Series

    def body():
        upgrade()
        # the schema of today, but with pairs stored twice as before 0006: drop its index, add them
        db.session.execute(text("DROP INDEX uq_comparison_pair"))
        series = Series(key="expo", name={"kk": "Көрме", "ru": "Выставка", "en": "Exhibition"})
        edition = Edition(series=series, slug="expo-2026", year=2026, title={"kk": "К", "ru": "В", "en": "E"})
        category = Category(edition=edition, position=1, nomination_key="tech", nomination={"en": "Tech"},
                            age_group_key="10-13", age_group={"en": "10-13"}, form_key="solo", form={"en": "solo"},
                            rule="pairwise", params={})
        a, b = (Entry(category=category, number=n, name=f"Exhibit {n}") for n in (1, 2))
        judges = [Judge(edition=edition, position=i, name=f"Judge {i}", role="member") for i in (1, 2)]
        db.session.add_all([series, edition, category, a, b, *judges])
        db.session.flush()
        verdicts = [(judges[0], a, b), (judges[1], b, a), (judges[0], b, a), (judges[0], a, b)]
        rows = [Comparison(category_id=category.id, judge_id=j.id, winner_id=w.id, loser_id=lo.id) for j, w, lo in verdicts]
        for row in rows:  # one at a time, so the ids follow the order they were given in
            db.session.add(row)
            db.session.flush()
        ids = [row.id for row in rows]
        db.session.commit()
        stamp(revision="0005")
        upgrade(revision="0006")
        with db.engine.connect() as conn:
            kept = conn.execute(text("SELECT id FROM comparison ORDER BY id")).scalars().all()
        assert kept == ids[:2]
        again = Comparison(category_id=category.id, judge_id=judges[1].id, winner_id=a.id, loser_id=b.id)
        db.session.add(again)
        with pytest.raises(IntegrityError):  # the index is there again
            db.session.commit()
        db.session.rollback()

    _with_fresh_schema(_config(tmp_path), body)
