"""Dates as data: read from what an article gives, normalised to ISO 8601, filterable in both stores."""
import pytest

from qa.dates import bound, in_range, normalize
from qa.errors import BadInput


@pytest.mark.parametrize("given, iso", [
    ("2022-01-05", "2022-01-05"), ("2022-01-05T10:00:00+00:00", "2022-01-05"), ("2022/1/5", "2022-01-05"),
    ("Wednesday, January 5, 2022", "2022-01-05"), ("5 Jan 2022", "2022-01-05"), ("Jan. 5th, 2022", "2022-01-05"),
    ("the 5th of January 2022", "2022-01-05"), ("D:20220105120000Z", "2022-01-05"),
    ("Published: 12 March 2005 10:14 GMT", "2005-03-12"),
    ("05/01/2022", ""),  # day first or month first: left undated rather than guessed
    ("31 February 2022", ""), ("sometime last week", ""), ("", ""), (None, ""),
])
def test_dates_are_normalised_or_left_undated(given, iso):
    assert normalize(given) == iso


def test_since_and_until_take_a_day_a_month_or_a_year():
    assert (bound("2005", "since"), bound("2005", "until")) == ("2005-01-01", "2005-12-31")
    assert (bound("2024-02", "since"), bound("2024-02", "until")) == ("2024-02-01", "2024-02-29")
    assert bound("2005-3-15", "since") == "2005-03-15" and bound("March 15, 2005", "until") == "2005-03-15"
    assert bound(None, "since") == "" and bound("  ", "until") == ""
    with pytest.raises(BadInput, match="since must be a date such as 2005-01-15"):
        bound("last tuesday", "since")
    assert in_range("2005-03-15", "2005-01-01", "2005-12-31") and not in_range("", "2005-01-01")
    assert in_range("", "", "") and not in_range("2006-01-01", until="2005-12-31")


def test_a_text_article_dated_by_its_date_line(tmp_path):
    from qa.documents import load_file

    f = tmp_path / "a.md"
    f.write_text("Council votes on the bridge\n\nDate: Wednesday, January 5, 2022\n\nThe council voted 9 to 2.")
    [doc] = load_file(f)
    assert doc.date == "2022-01-05" and "Date:" not in doc.text


def test_a_scanned_pdf_says_it_has_no_text_layer(tmp_path):
    from hostile import pdf

    from qa.documents import load_file

    f = tmp_path / "scan.pdf"
    f.write_bytes(pdf(b"q 612 0 0 792 0 0 cm Q"))  # a page with no text at all
    with pytest.raises(BadInput, match="no text layer .scanned.. — OCR is not built in"):
        load_file(f)
