"""Storage: the one place with SQL, by audience. SQLite is the embedded default; any SQLAlchemy
URL works. Every function takes plain values and returns plain data (dicts, lists, DataFrames).
"""

from __future__ import annotations

from survey.store.audit import add_audit_entry
from survey.store.audit import audit_entries
from survey.store.db import CODE_ALPHABET
from survey.store.db import EXTENSION_KEY
from survey.store.db import MIGRATIONS
from survey.store.db import SQLITE_BUSY_TIMEOUT_MS
from survey.store.db import engine
from survey.store.db import init_app
from survey.store.db import make_engine
from survey.store.db import migrate
from survey.store.db import schema_lock
from survey.store.db import schema_version
from survey.store.live import ColumnsByQuestionnaire
from survey.store.live import answer_counts
from survey.store.live import answers_in_sessions
from survey.store.live import attendance_counts
from survey.store.live import dashboard_version
from survey.store.live import keyed_texts
from survey.store.live import response_counts
from survey.store.live import response_keys
from survey.store.live import set_moderation
from survey.store.live import text_answers
from survey.store.live import text_values
from survey.store.live import texts_by_respondent
from survey.store.questionnaires import KeyTakenError
from survey.store.questionnaires import KindChangedError
from survey.store.questionnaires import QuestionnaireInUseError
from survey.store.questionnaires import RevisionConflictError
from survey.store.questionnaires import answered_versions
from survey.store.questionnaires import create_questionnaire
from survey.store.questionnaires import delete_questionnaire
from survey.store.questionnaires import list_questionnaires
from survey.store.questionnaires import questionnaire_by_key
from survey.store.questionnaires import questionnaire_revision
from survey.store.questionnaires import questionnaire_row
from survey.store.questionnaires import save_questionnaire
from survey.store.removal import DayHasSessionsError
from survey.store.removal import SessionHasResponsesError
from survey.store.removal import delete_day
from survey.store.removal import delete_session
from survey.store.removal import session_contents
from survey.store.responses import AlreadyAnsweredError
from survey.store.responses import QuestionnaireChangedError
from survey.store.responses import count_responses
from survey.store.responses import has_answered
from survey.store.responses import respondent_pseudonym
from survey.store.responses import response_by_token
from survey.store.responses import response_records
from survey.store.responses import save_response
from survey.store.responses import withdraw_response
from survey.store.responses import workshop_frames
from survey.store.retention import remove_for_retention
from survey.store.retention import workshops_past_retention
from survey.store.staff import assign_staff
from survey.store.staff import count_users
from survey.store.staff import create_user
from survey.store.staff import end_logins
from survey.store.staff import failed_logins
from survey.store.staff import is_assigned
from survey.store.staff import list_users
from survey.store.staff import record_login_attempt
from survey.store.staff import remove_user
from survey.store.staff import set_password_hash
from survey.store.staff import set_role
from survey.store.staff import unassign_staff
from survey.store.staff import user_by_id
from survey.store.staff import user_by_name
from survey.store.staff import workshop_staff_of
from survey.store.theme_edits import add_theme_edit
from survey.store.theme_edits import clear_theme_edits
from survey.store.theme_edits import theme_edits_of
from survey.store.theme_edits import undo_theme_edit
from survey.store.vectors import save_vectors
from survey.store.vectors import stored_vectors
from survey.store.workshops import WORKSHOP_FIELDS
from survey.store.workshops import add_workshop_session
from survey.store.workshops import create_workshop
from survey.store.workshops import duplicate_workshop
from survey.store.workshops import find_workshop
from survey.store.workshops import list_days
from survey.store.workshops import list_sessions
from survey.store.workshops import list_workshops
from survey.store.workshops import questionnaire_of
from survey.store.workshops import questionnaires_of
from survey.store.workshops import session_by_code
from survey.store.workshops import session_by_id
from survey.store.workshops import set_session_open
from survey.store.workshops import update_day
from survey.store.workshops import update_session
from survey.store.workshops import update_workshop
from survey.store.workshops import workshop_by_id

__all__ = [
    "CODE_ALPHABET",
    "EXTENSION_KEY",
    "MIGRATIONS",
    "SQLITE_BUSY_TIMEOUT_MS",
    "WORKSHOP_FIELDS",
    "AlreadyAnsweredError",
    "ColumnsByQuestionnaire",
    "DayHasSessionsError",
    "KeyTakenError",
    "KindChangedError",
    "QuestionnaireChangedError",
    "QuestionnaireInUseError",
    "RevisionConflictError",
    "SessionHasResponsesError",
    "add_audit_entry",
    "add_theme_edit",
    "add_workshop_session",
    "answer_counts",
    "answered_versions",
    "answers_in_sessions",
    "assign_staff",
    "attendance_counts",
    "audit_entries",
    "clear_theme_edits",
    "count_responses",
    "count_users",
    "create_questionnaire",
    "create_user",
    "create_workshop",
    "dashboard_version",
    "delete_day",
    "delete_questionnaire",
    "delete_session",
    "duplicate_workshop",
    "end_logins",
    "engine",
    "failed_logins",
    "find_workshop",
    "has_answered",
    "init_app",
    "is_assigned",
    "keyed_texts",
    "list_days",
    "list_questionnaires",
    "list_sessions",
    "list_users",
    "list_workshops",
    "make_engine",
    "migrate",
    "questionnaire_by_key",
    "questionnaire_of",
    "questionnaire_revision",
    "questionnaire_row",
    "questionnaires_of",
    "record_login_attempt",
    "remove_for_retention",
    "remove_user",
    "respondent_pseudonym",
    "response_by_token",
    "response_counts",
    "response_keys",
    "response_records",
    "save_questionnaire",
    "save_response",
    "save_vectors",
    "schema_lock",
    "schema_version",
    "session_by_code",
    "session_by_id",
    "session_contents",
    "set_moderation",
    "set_password_hash",
    "set_role",
    "set_session_open",
    "stored_vectors",
    "text_answers",
    "text_values",
    "texts_by_respondent",
    "theme_edits_of",
    "unassign_staff",
    "undo_theme_edit",
    "update_day",
    "update_session",
    "update_workshop",
    "user_by_id",
    "user_by_name",
    "withdraw_response",
    "workshop_by_id",
    "workshop_frames",
    "workshop_staff_of",
    "workshops_past_retention",
]
