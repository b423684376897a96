"""a letter of thanks per teacher and edition, naming the teacher's pupils

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 04:30:00

Letters issued per entry before this revision stay in `diploma` (kind "thanks"), so the codes
printed on them still verify; new letters are rows of `letter`.
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('teacher_key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_letter_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter')),
    sa.UniqueConstraint('code', name=op.f('uq_letter_code')),
    sa.UniqueConstraint('edition_id', 'teacher_key', name=op.f('uq_letter_edition_id_teacher_key'))
    )
    op.create_table('letter_pupil',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('award', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_letter_pupil_entry_id_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_pupil_letter_id_letter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_pupil')),
    sa.UniqueConstraint('letter_id', 'entry_id', name=op.f('uq_letter_pupil_letter_id_entry_id'))
    )
    with op.batch_alter_table('letter_pupil', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_pupil_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('letter_pupil', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_pupil_entry_id'))
    op.drop_table('letter_pupil')
    op.drop_table('letter')
