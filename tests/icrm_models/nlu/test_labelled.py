from pathlib import Path

import pytest

from icrm_models.nlu.labelled import LabelledDataError, read_labelled, read_labelled_csv


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


def test_register_is_optional_and_the_source_file_is_kept(tmp_path: Path) -> None:
    with_register = tmp_path / "a.csv"
    with_register.write_text("text,intent,Register\nwher is it,track_order,typo\nhi,greet,\n")
    rows = read_labelled_csv(with_register)
    assert [(r.register, r.source) for r in rows] == [("typo", "a.csv"), (None, "a.csv")]
    plain = tmp_path / "b.csv"
    plain.write_text("text,intent\nhi,greet\n")
    assert read_labelled_csv(plain)[0].register is None


def test_a_folder_reads_every_csv_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("text,intent\nbye,goodbye\n")
    (tmp_path / "a.csv").write_text("text,intent\nhi,greet\n")
    (tmp_path / "notes.txt").write_text("not data")
    assert [r.text for r in read_labelled(tmp_path)] == ["hi", "bye"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty: expected a header line text,intent"),
        ("text,intent\nhi, there,greet\n", "line 2: more fields than the header; quote texts"),
        ('text,intent\n"hi,greet\n', "line 2: not valid CSV \\(unexpected end of data\\)"),
        ('text,intent\n"hi" there,greet\n', "line 2: not valid CSV"),
    ],
)
def test_more_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(LabelledDataError, match=message):
        read_labelled(path)


def test_a_folder_without_csv_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LabelledDataError, match=r"folder without \.csv files"):
        read_labelled(tmp_path)
    with pytest.raises(LabelledDataError, match="does not exist"):
        read_labelled(tmp_path / "missing")
