"""Analysts' edits to the themes of a workshop's free text: renames, merges and moves.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme_edits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, nullable=False),
        sa.Column("questionnaire_id", sa.String(40), nullable=False),
        sa.Column("edit", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_theme_edits"),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name="fk_theme_edits_workshop_id_workshops",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name="fk_theme_edits_created_by_users",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_theme_edits_workshop_id", "theme_edits", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("theme_edits")
