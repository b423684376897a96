"""bulk jobs beat and can be interrupted; a confirmed upload is claimed once

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 02:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('queued', 'running', 'done', 'failed')"
NEW_STATUSES = "status IN ('queued', 'running', 'done', 'failed', 'interrupted')"


def upgrade():
    op.create_table('entry_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_entry_import_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_entry_import_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_import')),
    sa.UniqueConstraint('token', name=op.f('uq_entry_import_token'))
    )
    with op.batch_alter_table('entry_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_import_edition_id'), ['edition_id'], unique=False)

    # jobs made before this revision count as beating when they were created
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE bulk_job SET heartbeat_at = created_at")
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.alter_column('heartbeat_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_constraint(op.f('ck_bulk_job_status'), type_='check')
        batch_op.create_check_constraint('status', NEW_STATUSES)


def downgrade():
    op.execute("UPDATE bulk_job SET status = 'failed' WHERE status = 'interrupted'")
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bulk_job_status'), type_='check')
        batch_op.create_check_constraint('status', OLD_STATUSES)
        batch_op.drop_column('heartbeat_at')

    with op.batch_alter_table('entry_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_import_edition_id'))
    op.drop_table('entry_import')
