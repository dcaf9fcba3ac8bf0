"""The filters in the address: accept codes or names, drop what is invalid and say so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

MAX_VALUES = 100
MAX_SHOWN = 40
MAX_NOTICES = 8


@dataclass(frozen=True)
class UrlVocabulary:
    """What each filter parameter may hold: per key, a map of accepted spellings to the label."""

    choices: Mapping[str, Mapping[str, str]]
    dates: tuple[str, ...] = ()
    span: tuple[date, date] | None = None
    passthrough: frozenset[str] = field(default_factory=frozenset)


def _shown(value: str) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(clean[:MAX_SHOWN] + ("…" if len(clean) > MAX_SHOWN else ""))


def normalise(
    params: Mapping[str, list[str]], vocab: UrlVocabulary
) -> tuple[dict[str, list[str]], list[str]]:
    """The parameters rewritten to the labels the widgets expect, and a notice per dropped value."""
    out: dict[str, list[str]] = {}
    notices: list[str] = []
    for key, values in params.items():
        if key in vocab.choices:
            accepted = {k.casefold(): v for k, v in vocab.choices[key].items()}
            labels: list[str] = []
            for value in values[:MAX_VALUES]:
                label = accepted.get(value.strip().casefold())
                if label is None:
                    if value.strip():
                        notices.append(f"Ignored {key}={_shown(value)}: not a known value.")
                elif label not in labels:
                    labels.append(label)
            if len(values) > MAX_VALUES:
                notices.append(
                    f"Ignored {len(values) - MAX_VALUES} further {key} values (at most {MAX_VALUES})."
                )
            if labels:
                out[key] = labels
        elif key in vocab.dates:
            value = values[-1] if values else ""
            parsed = _date(value)
            if parsed is None:
                notices.append(f"Ignored {key}={_shown(value)}: not a date written YYYY-MM-DD.")
            elif vocab.span and not vocab.span[0] <= parsed <= vocab.span[1]:
                notices.append(
                    f"Ignored {key}={_shown(value)}: outside the data ({vocab.span[0]} to {vocab.span[1]})."
                )
            else:
                out[key] = [parsed.isoformat()]
        elif key in vocab.passthrough:
            out[key] = list(values)
        else:
            notices.append(f"Ignored the unknown parameter {_shown(key)}.")
    if all(k in out for k in vocab.dates[:2]) and len(vocab.dates) >= 2:
        first, last = vocab.dates[0], vocab.dates[1]
        if out[first][0] > out[last][0]:
            notices.append(f"Ignored {first} and {last}: {first} is after {last}.")
            del out[first], out[last]
    if len(notices) > MAX_NOTICES:
        notices = [*notices[:MAX_NOTICES], f"…and {len(notices) - MAX_NOTICES} more ignored values."]
    return out, notices


def _date(value: str) -> date | None:
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
