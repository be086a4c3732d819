"""The answers' (question, response) index the live dashboard's counts read (issue 16).

Revision ID: 0016
Revises: 0015_privacy
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_answers_question_id_response_id", "answers", ["question_id", "response_id"])


def downgrade() -> None:
    op.drop_index("ix_answers_question_id_response_id", table_name="answers")
