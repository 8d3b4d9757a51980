"""Survey exports (``.csv``/``.tsv``) as documents to code.

Each row, or each respondent when ``respondent_column`` is given (rows merged in
file order), becomes one document. Its text is one paragraph per non-empty
answer, written ``"<column header>: <answer>"`` so the question stays visible to
the coder; ``SurveyDocument.answers`` records where each answer sits (the header
is not a speaker, so ``turns`` stays empty). Blank lines inside an answer become
single line breaks so that every answer is exactly one paragraph.

The other columns become ``attributes`` (case attributes such as site or age
group); when several rows are merged, the distinct non-empty values are joined
with ``"; "``. Rows or respondents with no answer at all are skipped.

Without ``text_columns``, the answer columns are the free-text ones, chosen by
their content: at least a fifth of their answers have five words or more, and
their answers are mostly different from one another. IDs, ratings, dates and
categories ("Strongly agree", a site name) are not, and become attributes.

Exports of survey tools carry extra header rows, which are recognised and never
read as respondents: Qualtrics writes the question texts under the column ids and
a row of ``{"ImportId": ...}`` (the question text becomes the column's name);
SurveyMonkey writes each question once over its columns and a second row of
"Response" / "Open-Ended Response" / option labels (a column's name is the
question, with the option when there is one).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

from workbench.core import csvcell
from workbench.core.errors import InputError
from workbench.ingest.extracted import ExtractedText, SurveyAnswer, SurveyDocument
from workbench.ingest.files import DEFAULT_MAX_BYTES, one_line, read_bytes
from workbench.ingest.text import decode_bytes, normalise_text, paragraph_spans

SURVEY_EXTENSIONS = frozenset({".csv", ".tsv"})
FREE_TEXT_MIN_WORDS = 5
_CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
_BLANK_LINES = re.compile(r"\n{2,}")


def _one_line(value: str) -> str:
    return " ".join(normalise_text(value).split())


def _answer(value: str) -> str:
    return _BLANK_LINES.sub("\n", normalise_text(value).strip())


def _delimiter(raw: str, suffix: str) -> str:
    """The delimiter that splits the header line into the most fields."""
    if suffix == ".tsv":
        return "\t"
    first_line = raw.split("\n", 1)[0]
    counts = {
        d: len(next(csv.reader([first_line], delimiter=d), [])) for d in _CANDIDATE_DELIMITERS
    }
    best = max(_CANDIDATE_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


_SURVEYMONKEY_SUB = frozenset({"response", "open-ended response", "other (please specify)"})


def _tool_header(
    first: list[str], rest: list[list[str]]
) -> tuple[list[str] | None, int, str | None]:
    """A survey tool's extra header rows: (column names, rows to skip, tool) or (None, 0, None)."""
    if len(rest) >= 2 and any(c.strip().startswith('{"ImportId"') for c in rest[1]):
        questions = [_one_line(c) for c in rest[0]]
        names = []
        for i, cell in enumerate(first):
            q = questions[i] if i < len(questions) else ""
            names.append(q if q and q not in names else f"{_one_line(cell)}: {q}".strip(": "))
        return names, 2, "Qualtrics"
    if rest:
        second = [_one_line(c) for c in rest[0]]
        subs = [c.lower() for c in second if c]
        blanks_over_subs = any(not f.strip() and s for f, s in zip(first, second, strict=False))
        if (
            subs
            and any(s in _SURVEYMONKEY_SUB for s in subs)
            and (blanks_over_subs or sum(s in _SURVEYMONKEY_SUB for s in subs) * 2 >= len(subs))
        ):
            names = []
            question = ""
            for i, cell in enumerate(first):
                question = _one_line(cell) or question
                sub = second[i] if i < len(second) else ""
                if sub and sub.lower() not in ("response", "open-ended response"):
                    names.append(f"{question} - {sub}" if question else sub)
                else:
                    names.append(question or f"column {i + 1}")
            return names, 1, "SurveyMonkey"
    return None, 0, None


def _table(raw: str, path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(data row number, cells)`` pairs, padded to the header's width."""
    csvcell.allow_long_cells()  # an open answer may be longer than csv's 131,072 characters
    reader = csv.reader(
        io.StringIO(raw, newline=""), delimiter=_delimiter(raw, path.suffix.lower()), strict=True
    )
    try:
        header_row = next(reader, None)
        if not header_row or not any(cell.strip() for cell in header_row):
            raise InputError("empty: no header row", path=path, line=1)
        peek = [row for _, row in zip(range(2), reader, strict=False)]
        named, skip, _tool = _tool_header(header_row, peek)
        header = named or [
            _one_line(cell) or f"column {i + 1}" for i, cell in enumerate(header_row)
        ]
        header = [h or f"column {i + 1}" for i, h in enumerate(header)]
        pending = peek[skip:]
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise InputError(f"duplicate column header {name!r}", path=path, line=1)
            seen.add(name)
        rows: list[tuple[int, list[str]]] = []
        for number, cells in enumerate(itertools.chain(pending, reader), start=1):
            if len(cells) > len(header):
                if any(cell.strip() for cell in cells[len(header) :]):
                    raise InputError(
                        f"row has {len(cells)} fields but the header has {len(header)}",
                        path=path,
                        line=reader.line_num,
                    )
                cells = cells[: len(header)]
            if any(cell.strip() for cell in cells):
                rows.append((number, cells + [""] * (len(header) - len(cells))))
    except csv.Error as exc:
        raise InputError(f"bad CSV: {one_line(exc)}", path=path, line=reader.line_num) from None
    return header, rows


def _check_columns(header: list[str], names: list[str], path: Path, what: str) -> None:
    for name in names:
        if name not in header:
            available = ", ".join(repr(h) for h in header)
            raise InputError(f"no {what} column {name!r} (columns: {available})", path=path)


FREE_TEXT_MIN_SHARE = 0.2  # of a column's answers with FREE_TEXT_MIN_WORDS words or more
FREE_TEXT_MIN_DISTINCT = 0.5  # distinct answers / answers: categories repeat


def _free_text_columns(header: list[str], rows: list[tuple[int, list[str]]]) -> list[str]:
    chosen = []
    for i, name in enumerate(header):
        answers = [cells[i].strip() for _, cells in rows if cells[i].strip()]
        if not answers:
            continue
        long = sum(1 for a in answers if len(a.split()) >= FREE_TEXT_MIN_WORDS)
        distinct = len(set(answers))
        if long >= max(1, FREE_TEXT_MIN_SHARE * len(answers)) and (
            distinct >= FREE_TEXT_MIN_DISTINCT * len(answers) or len(answers) < 4
        ):
            chosen.append(name)
    return chosen


def _document(
    name: str,
    respondent: str | None,
    members: list[tuple[int, list[str]]],
    header: list[str],
    text_columns: list[str],
    attribute_columns: list[str],
    encoding: str,
) -> SurveyDocument | None:
    index = {column: i for i, column in enumerate(header)}
    parts: list[str] = []
    answers: list[SurveyAnswer] = []
    pos = 0
    for row, cells in members:
        for column in text_columns:
            answer = _answer(cells[index[column]])
            if not answer:
                continue
            if parts:
                pos += 2
            label = f"{column}: "
            paragraph = label + answer
            answers.append(SurveyAnswer(column, pos, pos + len(paragraph), pos + len(label), row))
            parts.append(paragraph)
            pos += len(paragraph)
    if not answers:
        return None
    attributes: dict[str, str] = {}
    for column in attribute_columns:
        values: list[str] = []
        for _, cells in members:
            value = _one_line(cells[index[column]])
            if value and value not in values:
                values.append(value)
        if values:
            attributes[column] = "; ".join(values)
    rows = tuple(row for row, _ in members)
    text = "\n\n".join(parts)
    return SurveyDocument(
        name=name,
        respondent=respondent,
        rows=rows,
        attributes=attributes,
        answers=tuple(answers),
        document=ExtractedText(
            text=text,
            turns=(),
            title=name,
            metadata={"encoding": encoding, "rows": ",".join(str(r) for r in rows)},
            paragraphs=paragraph_spans(text),
        ),
    )


def read_survey(
    path: Path,
    *,
    text_columns: list[str] | None = None,
    respondent_column: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> list[SurveyDocument]:
    """Documents from a survey table; see the module docstring for the layout."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    if path.suffix.lower() not in SURVEY_EXTENSIONS:
        raise InputError(
            f"not a survey table: expected .csv or .tsv, not {path.suffix or 'no extension'!r}",
            path=path,
        )
    if encoding is not None:
        try:
            raw = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} (byte {exc.start})", path=path) from None
    else:
        raw, encoding = decode_bytes(data, path=path)
    header, rows = _table(raw, path)

    if respondent_column is not None:
        _check_columns(header, [respondent_column], path, "respondent")
    if text_columns is not None:
        _check_columns(header, text_columns, path, "text")
        if not text_columns:
            raise InputError("no text columns given", path=path)
        if respondent_column in text_columns:
            raise InputError(
                f"column {respondent_column!r} cannot be both the respondent and a text column",
                path=path,
            )
        chosen = list(dict.fromkeys(text_columns))
    else:
        candidates = [h for h in header if h != respondent_column]
        chosen = [c for c in _free_text_columns(header, rows) if c in candidates]
        if not chosen:
            raise InputError(
                f"no free-text column found (no column has an answer of {FREE_TEXT_MIN_WORDS} "
                "or more words); name the text columns",
                path=path,
            )
    attribute_columns = [h for h in header if h not in chosen and h != respondent_column]

    groups: dict[str, list[tuple[int, list[str]]]] = {}
    if respondent_column is not None:
        at = header.index(respondent_column)
        for row, cells in rows:
            key = _one_line(cells[at])
            if not key:
                raise InputError(
                    f"data row {row} has no value in the respondent column {respondent_column!r}",
                    path=path,
                )
            groups.setdefault(key, []).append((row, cells))
        attribute_columns = [h for h in attribute_columns if h != respondent_column]

    documents: list[SurveyDocument] = []
    if respondent_column is not None:
        for key, members in groups.items():
            doc = _document(
                f"{path.name} respondent {key}",
                key,
                members,
                header,
                chosen,
                attribute_columns,
                encoding,
            )
            if doc is not None:
                documents.append(doc)
    else:
        for row, cells in rows:
            doc = _document(
                f"{path.name} row {row}",
                None,
                [(row, cells)],
                header,
                chosen,
                attribute_columns,
                encoding,
            )
            if doc is not None:
                documents.append(doc)
    if not documents:
        raise InputError("empty: no answers in the text columns", path=path)
    return documents
