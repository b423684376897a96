"""The judging app: create_app wires configuration, extensions, blueprints, realtime and the CLI."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import ROOT, Config


def create_app(config_class: type = Config) -> Flask:
    """Build the app; tests pass TestConfig, production uses the environment."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config_class)
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from judging import request_log

    request_log.init_app()

    from judging import models  # noqa: F401  (every table registered before anything queries)
    from judging.extensions import csrf, db, limiter, login_manager, migrate, socketio
    from judging.realtime import limits, managers, wire

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    from judging import security

    security.init_app(app)
    login_manager.init_app(app)

    from judging import auth, i18n

    i18n.init_app(app)
    auth.init_login(login_manager)

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        client_manager=managers.for_queue(app.config["SOCKETIO_MESSAGE_QUEUE"], app.config["SOCKETIO_CHANNEL"]),
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ORIGINS"),
        json=wire,
        max_http_buffer_size=limits.MAX_MESSAGE_BYTES,
        logger=False,
        engineio_logger=False,
    )

    from judging.lookups import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter  # before any route is added: every <int:id> is bounded
    _register_blueprints(app)

    from judging import errors

    errors.init_app(app)

    from judging import realtime

    realtime.init_app(app)

    from judging import cli

    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from judging.admin import bp as admin_bp
    from judging.auth import bp as auth_bp
    from judging.public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    from judging.board import bp as board_bp

    app.register_blueprint(board_bp)
    from judging.jury import bp as jury_bp

    app.register_blueprint(jury_bp, url_prefix="/admin")
    from judging.entries import bp as entries_bp

    app.register_blueprint(entries_bp, url_prefix="/admin")
    from judging.documents import bp as documents_bp
    from judging.documents import public_bp as diplomas_bp

    app.register_blueprint(documents_bp, url_prefix="/admin")
    app.register_blueprint(diplomas_bp)
    from judging.chair import bp as chair_bp
    from judging.judge import bp as judge_bp
    from judging.stage import bp as stage_bp

    app.register_blueprint(judge_bp)
    app.register_blueprint(stage_bp, url_prefix="/admin")
    app.register_blueprint(chair_bp, url_prefix="/admin")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, and WAL so screens can read while a judge writes."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
