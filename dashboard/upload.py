"""A reader's own data package: uploaded CSVs or a ZIP of them, unpacked with every limit checked."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

from dashboard.data import META_FILE, Package, Problem, load_files
from dashboard.schemas import FILES

MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 20
MAX_RATIO = 200
PACKAGE_FILES = (*FILES.values(), META_FILE)
_MB = 1024 * 1024


@dataclass(frozen=True)
class Unpacked:
    """The package files found in an upload, and why anything else was refused."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def content_hash(uploads: Iterable[tuple[str, bytes]]) -> str:
    """A hash of the names and bytes of the uploaded files, to tell one upload from another."""
    digest = hashlib.sha256()
    for name, raw in sorted(uploads):
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()


def _expected() -> str:
    return ", ".join(PACKAGE_FILES)


def _unzip(name: str, raw: bytes) -> tuple[dict[str, bytes], list[Problem]]:
    problems: list[Problem] = []
    files: dict[str, bytes] = {}
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as err:
        return {}, [Problem(name, None, None, f"is not a readable ZIP archive ({err})")]
    if len(members) > MAX_MEMBERS:
        return {}, [
            Problem(
                name,
                None,
                None,
                f"holds {len(members)} files; a data package has at most {len(PACKAGE_FILES)}",
            )
        ]
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNPACKED_BYTES:
        return {}, [
            Problem(
                name,
                None,
                None,
                f"would unpack to {declared / _MB:,.1f} MB, more than the limit of "
                f"{MAX_UNPACKED_BYTES // _MB} MB (a ZIP bomb?)",
            )
        ]
    budget = MAX_UNPACKED_BYTES
    for member in members:
        where = f"{name}: {member.filename}"
        if "/" in member.filename.strip("/") or "\\" in member.filename:
            problems.append(
                Problem(
                    where, None, None, "is inside a folder; put the CSV files at the top level of the ZIP"
                )
            )
            continue
        if member.filename not in PACKAGE_FILES:
            problems.append(
                Problem(where, None, None, f"is not a file of a data package (expected: {_expected()})")
            )
            continue
        if member.flag_bits & 0x1:
            problems.append(Problem(where, None, None, "is encrypted; upload it without a password"))
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
                data = stream.read(budget + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:
            problems.append(Problem(where, None, None, f"cannot be unpacked ({err})"))
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
        files[member.filename] = data
    return files, problems


def unpack(uploads: Iterable[tuple[str, bytes]]) -> Unpacked:
    """The package files in `uploads` (bare CSVs and/or ZIPs), each name once."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, raw in uploads:
        if not raw:
            problems.append(Problem(name, None, None, "the uploaded file is empty"))
            continue
        if name.lower().endswith(".zip") or (raw.startswith(b"PK\x03\x04") and name not in PACKAGE_FILES):
            found, zip_problems = _unzip(name, raw)
            problems.extend(zip_problems)
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
    return Unpacked(files, tuple(problems))


def load_upload(uploads: list[tuple[str, bytes]], label: str) -> Package:
    """Unpack and validate an upload with the same contract as the bundled data."""
    unpacked = unpack(uploads)
    if not unpacked.files and unpacked.problems:
        empty = load_files({}, label)
        return Package(label, empty.tables, empty.counts, unpacked.problems)
    package = load_files(unpacked.files, label)
    if not unpacked.problems:
        return package
    problems = tuple(sorted([*unpacked.problems, *package.problems], key=lambda p: (p.file, p.line or 0)))
    return Package(label, package.tables, package.counts, problems, package.notices, package.meta)
