"""The database tables, as SQLAlchemy Core metadata; migrations in survey/migrations build them."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

CODE_LENGTH = 6
TOKEN_LENGTH = 64

workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(CODE_LENGTH), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("venue", sa.Text, nullable=False, server_default=""),
    sa.Column("organiser", sa.Text, nullable=False, server_default=""),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("expected_attendance", sa.Integer, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # The PDPA notice participants see before the first question ("" : survey.privacy's
    # template, filled with the organiser, the contact and the retention date).
    sa.Column("privacy_notice", sa.Text, nullable=False, server_default=""),
    sa.Column("privacy_contact", sa.Text, nullable=False, server_default=""),
    # After this day `./sala run retention apply` removes the free text ("text") or every
    # response ("all"); None keeps the answers until someone sets a date.
    sa.Column("retain_until", sa.Date, nullable=True),
    sa.Column("retention", sa.String(16), nullable=False, server_default="text"),
    sa.Column("retention_applied_at", sa.DateTime(timezone=True), nullable=True),
)

days = sa.Table(
    "days",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "workshop_id",
        sa.Integer,
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("workshop_id", "number", name="uq_days_workshop_number"),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "workshop_id",
        sa.Integer,
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("day_id", sa.Integer, sa.ForeignKey("days.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("code", sa.String(CODE_LENGTH), nullable=False, unique=True),
    sa.Column("questionnaire_id", sa.String(40), nullable=False),
    # A snapshot of the questionnaire as it was when the session was set up, so that editing a
    # template later never changes the meaning of answers already stored.
    sa.Column("questionnaire", sa.JSON, nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "session_id",
        sa.Integer,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # The form's idempotency token: a retried or doubled submit finds the row it already made.
    sa.Column("token", sa.String(TOKEN_LENGTH), nullable=False, unique=True),
    sa.Column("respondent_key", sa.String(TOKEN_LENGTH), nullable=False, index=True),
    sa.Column("language", sa.String(5), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "response_id",
        sa.Integer,
        sa.ForeignKey("responses.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # The questionnaire's answer column (e.g. "speaker", "knowledge__before"); a multiple-choice
    # answer is one row per chosen option.
    sa.Column("question_id", sa.String(80), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
)

ROLES = ("admin", "facilitator", "analyst")
MODERATION_STATES = ("approved", "hidden")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    # Werkzeug's generate_password_hash output; the password itself is never stored.
    sa.Column("password_hash", sa.String(255), nullable=False),
    # admin (everything), facilitator (runs assigned workshops), analyst (reads assigned ones).
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # Written into the login cookie at login; raised by logout, a new password or a new role, so
    # every copy of an earlier cookie stops working at once.
    sa.Column("session_generation", sa.Integer, nullable=False, server_default="0"),
)

workshop_staff = sa.Table(
    "workshop_staff",
    metadata,
    sa.Column(
        "workshop_id",
        sa.Integer,
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # Kept in the database, not in a worker's memory, so the limit holds across workers.
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("address", sa.String(64), nullable=False, index=True),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
)

moderation = sa.Table(
    "moderation",
    metadata,
    # One decision per free-text answer; an answer without a row is waiting for a decision.
    sa.Column(
        "answer_id",
        sa.Integer,
        sa.ForeignKey("answers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "decided_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
)

theme_edits = sa.Table(
    "theme_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "workshop_id",
        sa.Integer,
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # The themes of one questionnaire's free text, as the report and exports group them.
    sa.Column("questionnaire_id", sa.String(40), nullable=False),
    # One analysis.themes.edits edit: {"op": "rename"|"merge"|"move", ...}; themes are named by
    # their words, and a moved point by its cleaned, masked text, never the answer as written.
    sa.Column("edit", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "created_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
)

questionnaires = sa.Table(
    "questionnaires",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The questionnaire's own id (a file's `id`): unique on the server, and what sessions, answers'
    # analysis and theme edits name it by.
    sa.Column("key", sa.String(40), nullable=False, unique=True),
    # The workshop it belongs to; None for the template library every facilitator may start from.
    sa.Column(
        "workshop_id",
        sa.Integer,
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    # The version answers are given under: a save after answers to it makes the next one.
    sa.Column("version", sa.Integer, nullable=False),
    # Counts every save, so that a save made on an older revision is noticed, never lost.
    sa.Column("revision", sa.Integer, nullable=False),
    # The questionnaire as plain data (the YAML/JSON structure), validated by the loader.
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "updated_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
)

questionnaire_revisions = sa.Table(
    "questionnaire_revisions",
    metadata,
    # Every save of a questionnaire as it was, to show what changed and who changed it.
    sa.Column(
        "questionnaire_id",
        sa.Integer,
        sa.ForeignKey("questionnaires.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("revision", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "saved_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    ),
)

sentence_vectors = sa.Table(
    "sentence_vectors",
    metadata,
    # One point of a free-text answer ("1. … 2. …" are two), as the themes split it.
    sa.Column(
        "answer_id",
        sa.Integer,
        sa.ForeignKey("answers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("unit_no", sa.Integer, primary_key=True),
    # SHA-256 of the text the vector was computed from (the point cleaned and masked, places
    # left out) and the encoder that computed it: a vector is used only while both still match.
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("encoder", sa.String(80), nullable=False),
    # 512 little-endian float32 (analysis.themes.encoder), 2 KB.
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    # Only ever added to: no route, command or store function changes or deletes a row. Users
    # and workshops are named by id without a foreign key, so the record outlives them.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user_id", sa.Integer, nullable=True),
    # The account's username, "cli:<system user>" for a command, "participant" for a phone.
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    # What was done: download, raw_export, account_add, role_change, session_delete, …
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("workshop_id", sa.Integer, nullable=True),
    # What it was done to, in words: a file name, an account, a session's code.
    sa.Column("target", sa.String(200), nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
)
