from pathlib import Path

import pytest

from icrm_models.nlu.labelled import LabelledDataError, read_labelled_csv


def test_reads_text_and_intent_with_quotes_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "chats.csv"
    path.write_text('\ufeffText,Intent\n"hi, there",greet\nwhere is 10023,track_order\n')
    rows = read_labelled_csv(path)
    assert [(r.text, r.intent) for r in rows] == [
        ("hi, there", "greet"),
        ("where is 10023", "track_order"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("message,label\nhi,greet\n", "missing: intent, text"),
        ("text,intent\n", "no messages"),
        ("text,intent\nhi,\n", "line 2: empty text or intent"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(LabelledDataError, match=message):
        read_labelled_csv(path)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(LabelledDataError, match="does not exist"):
        read_labelled_csv(tmp_path / "nope.csv")
    binary = tmp_path / "latin.csv"
    binary.write_bytes("text,intent\ncaf\xe9,greet\n".encode("latin-1"))
    with pytest.raises(LabelledDataError, match="not UTF-8"):
        read_labelled_csv(binary)


def test_the_shipped_holdout_set_is_readable() -> None:
    rows = read_labelled_csv(Path(__file__).parents[2] / "data" / "nlu_holdout.csv")
    assert len(rows) > 1000
    assert len({r.intent for r in rows}) == 38
