"""Workshops, days, sessions, responses and answers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("venue", sa.Text, nullable=False, server_default=""),
        sa.Column("organiser", sa.Text, nullable=False, server_default=""),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("expected_attendance", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshops"),
        sa.UniqueConstraint("code", name="uq_workshops_code"),
    )
    op.create_table(
        "days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_days"),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name="fk_days_workshop_id_workshops",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("workshop_id", "number", name="uq_days_workshop_number"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, nullable=False),
        sa.Column("day_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("questionnaire_id", sa.String(40), nullable=False),
        sa.Column("questionnaire", sa.JSON, nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name="fk_sessions_workshop_id_workshops",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["day_id"], ["days.id"], name="fk_sessions_day_id_days", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("code", name="uq_sessions_code"),
    )
    op.create_index("ix_sessions_workshop_id", "sessions", ["workshop_id"])
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("respondent_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_responses_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("token", name="uq_responses_token"),
    )
    op.create_index("ix_responses_session_id", "responses", ["session_id"])
    op.create_index("ix_responses_respondent_key", "responses", ["respondent_key"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("response_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name="fk_answers_response_id_responses",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_answers_response_id", "answers", ["response_id"])


def downgrade() -> None:
    for table in ("answers", "responses", "sessions", "days", "workshops"):
        op.drop_table(table)
