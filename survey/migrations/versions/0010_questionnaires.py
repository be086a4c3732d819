"""Questionnaires kept in the database, owned by a workshop or in the template library, with
every saved revision. Existing tables and rows are untouched: sessions keep their snapshots.

Revision ID: 0010
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("workshop_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_questionnaires"),
        sa.UniqueConstraint("key", name="uq_questionnaires_key"),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name="fk_questionnaires_workshop_id_workshops",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name="fk_questionnaires_updated_by_users",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_questionnaires_workshop_id", "questionnaires", ["workshop_id"])
    op.create_table(
        "questionnaire_revisions",
        sa.Column("questionnaire_id", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("definition", sa.JSON, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("questionnaire_id", "revision", name="pk_questionnaire_revisions"),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name="fk_questionnaire_revisions_questionnaire_id_questionnaires",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"],
            ["users.id"],
            name="fk_questionnaire_revisions_saved_by_users",
            ondelete="SET NULL",
        ),
    )


def downgrade() -> None:
    op.drop_table("questionnaire_revisions")
    op.drop_table("questionnaires")
