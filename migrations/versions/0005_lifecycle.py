"""the lifecycle of a category's result: abstentions that resolve missing sheets, and how many
sheets each standing rests on

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 03:00:00

«Published» now means final: a category published before it was finalised goes back to «live»,
so nothing public calls provisional standings final.
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'abstention',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('judge_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['category.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('judge_id', 'category_id', 'entry_id'),
    )
    with op.batch_alter_table('abstention', schema=None) as batch_op:
        batch_op.create_index('ix_abstention_judge_id', ['judge_id'], unique=False)
        batch_op.create_index('ix_abstention_category_id', ['category_id'], unique=False)
        batch_op.create_index('uq_abstention_category', ['judge_id', 'category_id'], unique=True,
                              sqlite_where=sa.text('entry_id IS NULL'), postgresql_where=sa.text('entry_id IS NULL'))
    with op.batch_alter_table('standing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sheets', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('panel', sa.Integer(), nullable=True))
    op.execute("UPDATE category SET visibility = 'live' WHERE visibility = 'published' AND judging <> 'finalised'")


def downgrade():
    with op.batch_alter_table('standing', schema=None) as batch_op:
        batch_op.drop_column('panel')
        batch_op.drop_column('sheets')
    op.drop_table('abstention')
