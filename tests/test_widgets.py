"""Unit tests for helpers.widgets: width parsing and the headless chain builder."""

from __future__ import annotations

import pytest

from helpers.widgets import ChainBuilder, chain_builder
from helpers.widgets import _parse_widths


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("64, 32, 8", [64, 32, 8]),
        ("64x32x8", [64, 32, 8]),
        ("64 32 8", [64, 32, 8]),
        ("  64 ,32,, 8  ", [64, 32, 8]),
        ("64 x 32", [64, 32]),
        ("480000, 100", [480000, 100]),
    ],
)
def test_parse_widths(text, expected):
    assert _parse_widths(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "64", "64,", "x", "64, a", "64, -3", "64, 3.5", "64, 1e3"])
def test_parse_widths_bad_text_is_a_value_error(text):
    with pytest.raises(ValueError):
        _parse_widths(text)


def test_parse_widths_names_the_bad_piece():
    with pytest.raises(ValueError, match="'a' is not a whole number"):
        _parse_widths("64, a, 8")


def test_parse_widths_too_few_widths_says_so():
    with pytest.raises(ValueError, match="at least one layer width"):
        _parse_widths("64")


@pytest.mark.parametrize("value", [None, 64, [64, 32], b"64, 32"])
def test_parse_widths_non_string_is_a_type_error(value):
    with pytest.raises(TypeError, match="text"):
        _parse_widths(value)


def test_chain_builder_reports_at_once():
    builder = chain_builder("64, 32, 8, 32, 64")
    assert isinstance(builder, ChainBuilder)
    assert builder.report is not None
    assert builder.report.total_params == 4744
    assert builder.report.rank_bound == 8
    assert builder.error == ""
    assert "autoencoder-shaped" in builder.message
    assert "4,744" in builder.output.value
    assert builder.output.value.startswith("<pre>")


def test_chain_builder_default_widths():
    assert chain_builder().report.total_params == 4744


def test_chain_builder_updates_when_the_text_changes():
    builder = chain_builder("64, 32, 8, 32, 64")
    builder.text.value = "64, 16, 2, 16, 64"
    assert builder.error == ""
    assert builder.report is not None
    assert builder.report.rank_bound == 2
    # 64*16+16 + 16*2+2 + 2*16+16 + 16*64+64
    assert builder.report.total_params == 1040 + 34 + 48 + 1088
    assert "rank of the product <= 2" in builder.message
    assert "rank of the product &lt;= 2" in builder.output.value  # escaped for HTML


def test_chain_builder_invalid_text_clears_the_report():
    builder = chain_builder("64, 32, 8, 32, 64")
    builder.text.value = "64, 0, 64"
    assert builder.report is None
    assert "at least 1" in builder.error
    assert builder.message.startswith("Cannot build this chain")
    assert "Cannot build this chain" in builder.output.value


def test_chain_builder_recovers_after_invalid_text():
    builder = chain_builder("64, 32, 8, 32, 64")
    builder.text.value = "64, a"
    assert builder.report is None
    assert "'a'" in builder.error
    builder.text.value = "10, 3"
    assert builder.error == ""
    assert builder.report.total_params == 33
    assert "autoencoder-shaped" not in builder.message


def test_chain_builder_starting_from_invalid_text():
    builder = chain_builder("64")
    assert builder.report is None
    assert builder.error != ""


def test_chain_builder_escapes_html():
    builder = chain_builder("<b>, 3")
    assert "<b>" not in builder.output.value
    assert "&lt;b&gt;" in builder.output.value


def test_chain_builder_widget_holds_text_slider_and_output():
    builder = chain_builder()
    assert builder.widget.children == (builder.text, builder.slider, builder.output)


def test_chain_builder_slider_sets_the_middle_width_and_follows_the_text():
    builder = chain_builder("64, 32, 8, 32, 64")
    assert builder.slider.value == 8
    builder.slider.value = 3
    assert builder.text.value == "64, 32, 3, 32, 64"
    assert builder.report.rank_bound == 3
    builder.text.value = "64, 16, 2, 16, 64"
    assert builder.slider.value == 2
    assert "application/vnd.jupyter.widget-view+json" in builder._repr_mimebundle_()
