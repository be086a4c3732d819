"""Sentence vectors of free-text answers, computed once for the themes and kept.

Revision ID: 0013
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sentence_vectors",
        sa.Column("answer_id", sa.Integer, nullable=False),
        sa.Column("unit_no", sa.Integer, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("encoder", sa.String(80), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("answer_id", "unit_no", name="pk_sentence_vectors"),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name="fk_sentence_vectors_answer_id_answers",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("sentence_vectors")
