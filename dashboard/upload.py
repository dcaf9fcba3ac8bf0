"""A reader's own data package: uploaded CSVs or a ZIP of them, unpacked with every limit checked."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

from dashboard.data import META_FILE, Package, Problem, load_files, problem_order
from dashboard.schemas import FILES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one upload, all its files together (server.maxUploadSize is per file)
MAX_TABLE_BYTES = 5 * 1024 * 1024  # one table, unpacked: the same as a table uploaded on its own
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 20
MAX_RATIO = 200
PACKAGE_FILES = (*FILES.values(), META_FILE)
# What archivers add beside the files (macOS Finder, Windows Explorer): ignored, with a notice.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
# What the app's own download holds beside the tables: read by people, ignored by the loader.
DOCUMENT_NAMES = frozenset({"README.md", "CHANGELOG.md"})
_MB = 1024 * 1024


@dataclass(frozen=True)
class Unpacked:
    """The package files found in an upload, why anything else was refused, and what was ignored."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()


def content_hash(uploads: Iterable[tuple[str, bytes]]) -> str:
    """A hash of the names and bytes of the uploaded files, to tell one upload from another."""
    digest = hashlib.sha256()
    for name, raw in sorted(uploads):
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _expected() -> str:
    return ", ".join(PACKAGE_FILES)


def is_junk(path: str) -> bool:
    """An archiver's own file: __MACOSX/…, a '._' resource fork, .DS_Store, Thumbs.db, desktop.ini."""
    parts = path.replace("\\", "/").strip("/").split("/")
    base = parts[-1]
    return parts[0] == "__MACOSX" or base in JUNK_NAMES or base.startswith("._")


def _top_folder(names: list[str]) -> str | None:
    """The one folder every file sits in ('data/'), when a folder rather than its files was zipped."""
    folders = {n.split("/", 1)[0] for n in names if n.count("/") == 1}
    if len(folders) == 1 and all(n.count("/") == 1 for n in names):
        return next(iter(folders)) + "/"
    return None


def _unzip(name: str, raw: bytes) -> tuple[dict[str, bytes], list[Problem], list[str]]:
    problems: list[Problem] = []
    notices: list[str] = []
    files: dict[str, bytes] = {}
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
        return {}, [Problem(name, None, None, f"is not a readable ZIP archive ({err})")], notices
    junk = [m for m in members if is_junk(m.filename)]
    members = [m for m in members if not is_junk(m.filename)]
    if junk:
        notices.append(
            f"{name}: ignored {len(junk)} file{'s' if len(junk) != 1 else ''} an archiver adds "
            "(__MACOSX/, .DS_Store, Thumbs.db)"
        )
    if len(members) > MAX_MEMBERS:
        return (
            {},
            [
                Problem(
                    name,
                    None,
                    None,
                    f"holds {len(members)} files; a data package has at most {len(PACKAGE_FILES)}",
                )
            ],
            notices,
        )
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNPACKED_BYTES:
        return (
            {},
            [
                Problem(
                    name,
                    None,
                    None,
                    f"would unpack to {declared / _MB:,.1f} MB, more than the limit of "
                    f"{MAX_UNPACKED_BYTES // _MB} MB (a ZIP bomb?)",
                )
            ],
            notices,
        )
    folder = _top_folder([m.filename for m in members])
    if folder:
        notices.append(f"{name}: read the files inside its folder {folder}")
    seen: dict[str, int] = {}
    for member in members:
        seen[member.filename] = seen.get(member.filename, 0) + 1
    budget = MAX_UNPACKED_BYTES
    for member in members:
        where = f"{name}: {member.filename}"
        inner = member.filename.removeprefix(folder) if folder else member.filename
        count = seen[member.filename]
        if count != 1:
            if count > 1:  # reported at its first copy, skipped at the others
                problems.append(
                    Problem(
                        where,
                        None,
                        None,
                        f"appears {count} times in the ZIP; none of them was read, as it is not clear which "
                        "one is meant: keep one",
                    )
                )
                seen[member.filename] = 0
            continue
        if "/" in inner.strip("/") or "\\" in inner:
            problems.append(
                Problem(
                    where, None, None, "is inside a folder; put the CSV files at the top level of the ZIP"
                )
            )
            continue
        if inner in DOCUMENT_NAMES:
            notices.append(f"{where}: ignored (a document for people, not a table)")
            continue
        if inner not in PACKAGE_FILES:
            problems.append(
                Problem(where, None, None, f"is not a file of a data package (expected: {_expected()})")
            )
            continue
        if member.flag_bits & 0x1:
            problems.append(Problem(where, None, None, "is encrypted; upload it without a password"))
            continue
        if member.file_size > MAX_TABLE_BYTES:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"would unpack to {member.file_size / _MB:,.1f} MB; one table may be at most "
                    f"{MAX_TABLE_BYTES // _MB} MB",
                )
            )
            continue
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"is compressed more than {MAX_RATIO}:1, which CSV text never is (a ZIP bomb?)",
                )
            )
            continue
        try:
            with archive.open(member) as stream:
                data = stream.read(min(budget, MAX_TABLE_BYTES) + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:
            problems.append(Problem(where, None, None, f"cannot be unpacked ({err})"))
            continue
        if len(data) > MAX_TABLE_BYTES:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"unpacks to more than {MAX_TABLE_BYTES // _MB} MB, the limit for one table",
                )
            )
            continue
        if len(data) > budget:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"unpacks to more than the limit of {MAX_UNPACKED_BYTES // _MB} MB (a ZIP bomb?)",
                )
            )
            break
        budget -= len(data)
        files[inner] = data
    return files, problems, notices


def unpack(uploads: Iterable[tuple[str, bytes]]) -> Unpacked:
    """The package files in `uploads` (bare CSVs and/or ZIPs), each name once, within the upload's limits."""
    uploads = list(uploads)
    total = sum(len(raw) for _, raw in uploads)
    if total > MAX_UPLOAD_BYTES:
        return Unpacked(
            problems=(
                Problem(
                    "the upload",
                    None,
                    None,
                    f"holds {len(uploads)} files of {total / _MB:,.1f} MB in all; one upload may hold at most "
                    f"{MAX_UPLOAD_BYTES // _MB} MB. Nothing was read.",
                ),
            )
        )
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    notices: list[str] = []
    for name, raw in uploads:
        if is_junk(name):
            notices.append(f"{name}: ignored (a file an archiver adds)")
            continue
        if not raw:
            problems.append(Problem(name, None, None, "the uploaded file is empty"))
            continue
        if name.lower().endswith(".zip") or (raw.startswith(b"PK\x03\x04") and name not in PACKAGE_FILES):
            found, zip_problems, zip_notices = _unzip(name, raw)
            problems.extend(zip_problems)
            notices.extend(zip_notices)
        elif name in PACKAGE_FILES:
            found = {name: raw}
        else:
            problems.append(
                Problem(name, None, None, f"is not a file of a data package (expected: {_expected()})")
            )
            continue
        for member, data in found.items():
            if member in files:
                problems.append(Problem(member, None, None, "was uploaded twice; upload each table once"))
            else:
                files[member] = data
    return Unpacked(files, tuple(problems), tuple(notices))


def load_upload(uploads: list[tuple[str, bytes]], label: str) -> Package:
    """Unpack and validate an upload with the same contract as the bundled data."""
    unpacked = unpack(uploads)
    if not unpacked.files and unpacked.problems:
        empty = load_files({}, label)
        return Package(label, empty.tables, empty.counts, unpacked.problems, unpacked.notices)
    package = load_files(unpacked.files, label)
    notices = (*unpacked.notices, *package.notices)
    problems = tuple(sorted([*unpacked.problems, *package.problems], key=problem_order))
    return Package(
        label, package.tables, package.counts, problems, notices, package.meta, omitted=package.omitted
    )
