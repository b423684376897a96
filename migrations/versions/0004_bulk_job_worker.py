"""a bulk job names the process running it, so a job whose process is gone is interrupted at once

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 06:00:00

Jobs made before this revision have no worker recorded: they are judged by their heartbeat alone.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.drop_column('worker')
