"""The data model, one module per aggregate; importing this package registers every table."""

from judging.models.audit import AuditEntry
from judging.models.board import BoardState
from judging.models.contest import Category, Edition, Series
from judging.models.document import BulkJob, Diploma, DocumentSettings, DocumentTemplate, Letter, LetterPupil
from judging.models.entry import Draw, Entry, EntryImport, Member
from judging.models.judge import Conflict, Judge, panel_seat
from judging.models.result import CategoryResult, Standing
from judging.models.score import Abstention, Comparison, Mark, Measurement, Placement, Sheet, Submission
from judging.models.user import User

__all__ = [
    "Abstention", "AuditEntry", "BoardState", "Category", "CategoryResult", "Comparison", "Conflict", "Draw", "Edition", "Entry", "EntryImport",
    "Judge", "Mark", "Measurement", "Member", "Placement", "Series", "Sheet", "Standing",
    "Submission", "User", "panel_seat",
    "BulkJob", "Diploma", "DocumentSettings", "DocumentTemplate", "Letter", "LetterPupil",
]
