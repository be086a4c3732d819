"""PDPA per workshop: its privacy notice and contact, and when and how its answers are removed.

Revision ID: 0015_privacy
Revises: 0015_audit
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_privacy"
down_revision = "0015_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("privacy_notice", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("privacy_contact", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("retain_until", sa.Date, nullable=True))
        batch.add_column(
            sa.Column("retention", sa.String(16), nullable=False, server_default="text")
        )
        batch.add_column(sa.Column("retention_applied_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch:
        for column in (
            "retention_applied_at",
            "retention",
            "retain_until",
            "privacy_contact",
            "privacy_notice",
        ):
            batch.drop_column(column)
