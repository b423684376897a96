"""Command-line tasks: `flask --app wsgi create-admin`, `flask --app wsgi demo [--json]`."""

from __future__ import annotations

import json

import click
from flask import Flask
from sqlalchemy import select


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    app.cli.add_command(create_admin)
    app.cli.add_command(demo)
    from judging.documents.cli import documents

    app.cli.add_command(documents)


@click.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="")
@click.option("--no-migrate", is_flag=True, help="Do not run migrations (the schema already exists).")
def create_admin(username: str, password: str, name: str, no_migrate: bool) -> None:
    """Make the first administrator account (the schema is brought up to date first)."""
    from flask_migrate import upgrade

    from judging.admin.operations import AdminError, create_user

    if not no_migrate:
        upgrade()
    try:
        create_user(username, password, "admin", name)
    except AdminError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Administrator {username} created.")


@click.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the demo's accounts, editions, judges and entries as JSON.")
@click.option("--no-migrate", is_flag=True, help="Do not run migrations (the schema already exists).")
def demo(as_json: bool, no_migrate: bool) -> None:
    """Bring the schema up to date and fill an empty database with a demo edition of every contest."""
    from flask_migrate import upgrade

    from judging.demo import fill, summary
    from judging.extensions import db
    from judging.models import Edition

    if not no_migrate:
        upgrade()
    created = False
    if db.session.scalar(select(Edition.id).limit(1)) is None:
        fill()
        created = True
    if as_json:
        click.echo(json.dumps(summary(), ensure_ascii=False))
    else:
        click.echo("Demo contests created." if created else "The database already has contests; nothing added.")
        info = summary()
        click.echo(f"Organiser: {info['organiser']['username']} / {info['organiser']['password']}")
