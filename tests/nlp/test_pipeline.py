"""The spaCy pipeline: sentences, lemmas, date mentions, and ``analyse``."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from workbench.core.errors import InputError
from workbench.nlp import analyse, make_pipeline
from workbench.nlp.mentions import date_mentions, find_date_mentions, set_context
from workbench.nlp.sentences import sentence_offsets

if TYPE_CHECKING:
    from spacy.language import Language

SPEECH = (
    "Interviewer: When did the councils first copy the scheme?\n\n"
    "R1: We went to the open days in spring 2001. Two years later we were copying "
    "everything! Last year... well, it's different now\n\n"
    "Interviewer: And the 2003 councils?\n"
    "R1: They merged in 2003."
)


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def blank() -> Language:
    import spacy

    return spacy.blank("en")


def test_pipeline_is_blank_english_with_our_components(nlp):
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "workbench_dates"]
    assert make_pipeline() is nlp
    assert make_pipeline(None) is nlp
    assert make_pipeline(model=None) is nlp


def test_unknown_model_is_an_input_error():
    with pytest.raises(InputError, match="not installed"):
        make_pipeline("en_no_such_pipeline_sm")


def test_importing_the_package_does_not_load_spacy():
    code = (
        "import sys, workbench.nlp, workbench.nlp.mentions, workbench.nlp.datenorm; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "False"


# -- lemmas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("councils", "council"),
        ("Councils", "council"),
        ("copied", "copy"),
        ("copying", "copy"),
        ("days", "day"),
        ("went", "go"),
        ("was", "be"),
        ("open", "open"),
        ("Northbridge", "Northbridge"),
    ],
)
def test_lemmas_come_from_the_lookup_table(nlp, word, lemma):
    assert nlp(f"the {word} here")[1].lemma_ == lemma


def test_lemmatizer_agrees_with_spacys_lookup_lemmatizer(nlp):
    stock = blank()
    stock.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize()
    text = SPEECH.lower()  # upper case words differ by design: see LookupLemmatizer
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in stock(text)]


def test_lemmatizer_keeps_existing_lemmas(nlp):
    doc = nlp.make_doc("councils met")
    doc[0].lemma_ = "kept"
    nlp.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["kept", "meet"]


# -- sentences ------------------------------------------------------------------------------


def test_sentence_offsets_are_the_sentences(nlp):
    doc = nlp(SPEECH)
    found = [SPEECH[s:e] for s, e in sentence_offsets(doc)]
    assert found == [
        "Interviewer: When did the councils first copy the scheme?",
        "R1: We went to the open days in spring 2001.",
        "Two years later we were copying everything!",
        "Last year... well, it's different now",  # "..." is not "." (as in spaCy)
        "Interviewer: And the 2003 councils?",  # a blank line ends a sentence
        "R1: They merged in 2003.",
    ]


def test_paragraph_breaks_can_be_turned_off():
    plain = blank()
    plain.add_pipe("workbench_sentencizer", config={"paragraph_breaks": False})
    doc = plain("No full stop\n\nthen more.")
    assert len(list(doc.sents)) == 1


WORDS = ["we", "Councils", "went", "2003", "Dr", "Smith", "U.K.", "e.g.", "it's", "(", ")", '"']
ENDS = [".", "!", "?", "...", ",", ";", ":", ".)", '."', "?!"]


@st.composite
def prose(draw):
    tokens = draw(st.lists(st.sampled_from(WORDS + ENDS), max_size=40))
    return " ".join(tokens)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prose())
def test_sentencizer_agrees_with_spacys_sentencizer(nlp, text):
    stock = _stock_sentencizer()
    assert [t.is_sent_start for t in nlp(text)] == [t.is_sent_start for t in stock(text)]


_STOCK: list[Language] = []


def _stock_sentencizer() -> Language:
    if not _STOCK:
        stock = blank()
        stock.add_pipe("sentencizer")
        _STOCK.append(stock)
    return _STOCK[0]


@st.composite
def layout(draw):
    tokens = draw(st.lists(st.sampled_from(WORDS + ENDS + ["2003", "last year"]), max_size=40))
    gaps = draw(
        st.lists(
            st.sampled_from([" ", " ", "  ", "\n", "\n\n", "\n \n", "\t", ""]),
            min_size=len(tokens) + 1,
            max_size=len(tokens) + 1,
        )
    )
    return gaps[0] + "".join(t + g for t, g in zip(tokens, gaps[1:], strict=True))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout())
def test_sentences_tile_the_text(nlp, text):
    spans = sentence_offsets(nlp(text), text)
    end = 0
    for s, e in spans:
        assert s < e
        assert text[end:s].strip() == ""  # only whitespace between sentences
        assert text[s:e] == text[s:e].strip()
        end = e
    assert text[end:].strip() == ""
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())


# -- date mentions --------------------------------------------------------------------------


def test_component_finds_what_the_plain_finder_finds(nlp):
    doc = nlp(set_context(nlp.make_doc(SPEECH), date(2010, 6, 15)))
    assert date_mentions(doc) == find_date_mentions(SPEECH, date(2010, 6, 15))
    assert [m.text for m in date_mentions(doc)] == [
        "spring 2001",
        "Two years later",
        "Last year",
        "2003",
    ]


def test_component_without_a_document_date(nlp):
    assert [m.text for m in date_mentions(nlp(SPEECH))] == [
        "spring 2001",
        "Two years later",
        "2003",
    ]


# -- analyse --------------------------------------------------------------------------------


def test_analyse_many_texts():
    texts = [
        (SPEECH, date(2010, 6, 15)),
        ("", None),
        ("Last year we met. In 1999 too.", None),
        ("We met on 03/12/2004.", date(2010, 1, 1)),
    ]
    results = list(analyse(texts, batch_size=2))
    assert [r.text for r in results] == [t for t, _ in texts]
    assert [r.anchor for r in results] == [a for _, a in texts]

    first = results[0]
    assert [first.text[s:e] for s, e in first.sentences][1] == (
        "R1: We went to the open days in spring 2001."
    )
    assert [(m.text, m.inferred) for m in first.mentions] == [
        ("spring 2001", False),
        ("Two years later", True),
        ("Last year", True),
        ("2003", False),
    ]
    assert first.mentions[1].range.start == date(2003, 1, 1)
    assert first.mentions[2].range.start == date(2009, 1, 1)
    assert [t.lemma_ for t in first.doc][3:5] == ["do", "the"]

    assert results[1].sentences == ()
    assert results[1].mentions == ()
    assert [m.text for m in results[2].mentions] == ["1999"]  # no date for "last year"
    assert results[3].mentions[0].range.start == date(2004, 12, 3)


def test_analyse_month_first():
    (result,) = analyse([("We met on 03/12/2004.", None)], day_first=False)
    assert result.mentions[0].range.start == date(2004, 3, 12)


@settings(max_examples=50, deadline=None)
@given(layout(), st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_analyse_mentions_slice_the_text(text, anchor):
    (result,) = analyse([(text, anchor)])
    assert result.mentions == tuple(find_date_mentions(text, anchor))
    for m in result.mentions:
        assert text[m.start : m.end] == m.text


def test_docs_serialise_with_their_mentions(nlp):
    from spacy.tokens import Doc

    doc = nlp(set_context(nlp.make_doc("We met in 2003. Last year too."), date(2010, 1, 1)))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert date_mentions(again) == date_mentions(doc)
    assert [m.text for m in date_mentions(again)] == ["2003", "Last year"]


def test_pipeline_survives_pickling(nlp):
    """``nlp.pipe(..., n_process=2)`` sends the pipeline to other processes."""
    import pickle

    copy = pickle.loads(pickle.dumps(nlp))
    assert copy.pipe_names == nlp.pipe_names
    doc = copy("The councils met in March 2004.")
    assert [m.text for m in date_mentions(doc)] == ["March 2004"]
    assert doc[1].lemma_ == "council"
