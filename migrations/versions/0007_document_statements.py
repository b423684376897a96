"""what each issued diploma and letter states, and which one replaced it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 04:00:00

A diploma or letter is never rewritten once issued: a corrected result gives it a replacement
under a new code, and the old row is kept, superseded. So the unique rules hold for documents in
force only (partial indexes WHERE superseded_at IS NULL). Rows issued before keep what they
stored: their statement is filled from their name and award (and, for letters, the pupils' awards).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
IN_FORCE = 'superseded_at IS NULL'


def upgrade():
    with op.batch_alter_table('diploma', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement', JSON, nullable=True))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_diploma_superseded_by_id_diploma'), 'diploma',
                                    ['superseded_by_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint('uq_diploma_entry_id_kind_member_id', type_='unique')
        batch_op.drop_index('uq_diploma_entry_own', sqlite_where=sa.text('member_id IS NULL'),
                            postgresql_where=sa.text('member_id IS NULL'))
        batch_op.create_index('uq_diploma_entry_member', ['entry_id', 'kind', 'member_id'], unique=True,
                              sqlite_where=sa.text(IN_FORCE), postgresql_where=sa.text(IN_FORCE))
        batch_op.create_index('uq_diploma_entry_own', ['entry_id', 'kind'], unique=True,
                              sqlite_where=sa.text(f'member_id IS NULL AND {IN_FORCE}'),
                              postgresql_where=sa.text(f'member_id IS NULL AND {IN_FORCE}'))
    pupils = _pupils()
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement', JSON, nullable=True))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_letter_superseded_by_id_letter'), 'letter',
                                    ['superseded_by_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint('uq_letter_edition_id_teacher_key', type_='unique')
        batch_op.create_index('uq_letter_teacher', ['edition_id', 'teacher_key'], unique=True,
                              sqlite_where=sa.text(IN_FORCE), postgresql_where=sa.text(IN_FORCE))
    _restore(pupils)
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skipped', JSON, nullable=True))
    _fill_statements()


PUPIL = sa.table('letter_pupil', sa.column('id', sa.Integer), sa.column('letter_id', sa.Integer),
                 sa.column('entry_id', sa.Integer), sa.column('position', sa.Integer), sa.column('award', sa.String))


def _pupils():
    return [dict(row) for row in op.get_bind().execute(sa.select(PUPIL)).mappings()]


def _restore(pupils):
    """SQLite changes a table's constraints by building it anew and dropping the old one; with
    foreign keys on, that drop deletes the letters' pupils (ON DELETE CASCADE): put them back."""
    conn = op.get_bind()
    if pupils and conn.execute(sa.select(sa.func.count()).select_from(PUPIL)).scalar() < len(pupils):
        conn.execute(PUPIL.delete())
        conn.execute(PUPIL.insert(), pupils)


def _fill_statements():
    """What the rows issued so far stated, as far as they stored it: the name and the award."""
    conn = op.get_bind()
    diploma = sa.table('diploma', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('award', sa.String), sa.column('statement', JSON))
    for row_id, name, award in conn.execute(sa.select(diploma.c.id, diploma.c.name, diploma.c.award)).all():
        conn.execute(diploma.update().where(diploma.c.id == row_id).values(statement={"name": name, "award": award}))
    letter = sa.table('letter', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('statement', JSON))
    pupils = {}
    for letter_id, entry_id, award in conn.execute(
        sa.select(PUPIL.c.letter_id, PUPIL.c.entry_id, PUPIL.c.award).order_by(PUPIL.c.letter_id, PUPIL.c.position)
    ).all():
        pupils.setdefault(letter_id, []).append({"entry_id": entry_id, "award": award})
    for letter_id, name in conn.execute(sa.select(letter.c.id, letter.c.name)).all():
        statement = {"name": name, "pupils": pupils.get(letter_id, [])}
        conn.execute(letter.update().where(letter.c.id == letter_id).values(statement=statement))


def downgrade():
    # Superseded rows cannot stay under the old unique rules: the codes they printed are lost.
    op.execute('DELETE FROM diploma WHERE superseded_at IS NOT NULL')
    op.execute('DELETE FROM letter WHERE superseded_at IS NOT NULL')
    with op.batch_alter_table('bulk_job', schema=None) as batch_op:
        batch_op.drop_column('skipped')
    pupils = _pupils()
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index('uq_letter_teacher', sqlite_where=sa.text(IN_FORCE), postgresql_where=sa.text(IN_FORCE))
        batch_op.create_unique_constraint('uq_letter_edition_id_teacher_key', ['edition_id', 'teacher_key'])
        batch_op.drop_constraint(batch_op.f('fk_letter_superseded_by_id_letter'), type_='foreignkey')
        batch_op.drop_column('superseded_by_id')
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('statement')
    _restore(pupils)
    with op.batch_alter_table('diploma', schema=None) as batch_op:
        batch_op.drop_index('uq_diploma_entry_own', sqlite_where=sa.text(f'member_id IS NULL AND {IN_FORCE}'),
                            postgresql_where=sa.text(f'member_id IS NULL AND {IN_FORCE}'))
        batch_op.drop_index('uq_diploma_entry_member', sqlite_where=sa.text(IN_FORCE), postgresql_where=sa.text(IN_FORCE))
        batch_op.create_index('uq_diploma_entry_own', ['entry_id', 'kind'], unique=True,
                              sqlite_where=sa.text('member_id IS NULL'), postgresql_where=sa.text('member_id IS NULL'))
        batch_op.create_unique_constraint('uq_diploma_entry_id_kind_member_id', ['entry_id', 'kind', 'member_id'])
        batch_op.drop_constraint(batch_op.f('fk_diploma_superseded_by_id_diploma'), type_='foreignkey')
        batch_op.drop_column('superseded_by_id')
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('statement')
