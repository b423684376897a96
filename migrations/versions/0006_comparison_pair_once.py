"""a judge stores one verdict per pair of exhibits, whichever won

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 03:00:00

The app has refused a judge's second verdict on a pair since before this revision, but two
tablets of the same judge could both pass that check at once. Pairs stored twice before this
revision keep the judge's first verdict only: the unique index cannot be built over both.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        'DELETE FROM comparison WHERE id IN ('
        ' SELECT later.id FROM comparison later JOIN comparison kept'
        ' ON kept.judge_id = later.judge_id AND kept.category_id = later.category_id AND kept.id < later.id'
        ' AND ((kept.winner_id = later.winner_id AND kept.loser_id = later.loser_id)'
        ' OR (kept.winner_id = later.loser_id AND kept.loser_id = later.winner_id)))'
    )
    # SQLite has no least/greatest; its min and max with two arguments are the same
    low, high = ('min', 'max') if op.get_bind().dialect.name == 'sqlite' else ('least', 'greatest')
    op.create_index('uq_comparison_pair', 'comparison',
                    ['judge_id', 'category_id', sa.text(f'{low}(winner_id, loser_id)'),
                     sa.text(f'{high}(winner_id, loser_id)')], unique=True)


def downgrade():
    op.drop_index('uq_comparison_pair', table_name='comparison')
