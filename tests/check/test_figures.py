"""Metrics: validated as numbers, quoted by reference, and typed figures checked against them."""

from __future__ import annotations

import pytest

from proposalkit.check.figures import attached, find_figures, sentences

PILOT = "evidence/pilot-training.md"


def set_metrics(root, block: str) -> None:
    path = root / PILOT
    text = path.read_text(encoding="utf-8")
    head, body = text.split("metrics:\n  instructors: 12\n")
    path.write_text(head + block + body, encoding="utf-8")


def set_summary(root, text: str) -> None:
    (root / "templates/sections/summary.md.j2").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_metric_that_is_not_a_number_is_a_located_error(starter, run, command):
    set_metrics(starter, "metrics:\n  instructors: twelve\n  centres: {value: '3', unit: centres}\n  grads: true\n")
    result = run(command, "-w", starter)
    assert result.code == 1
    assert (
        f"{PILOT}:9:16: error: metric 'instructors' must be a number, not 'twelve' [evidence.bad-metric]"
        in result.lines
    )
    assert any(line.startswith(f"{PILOT}:10:20: error: metric 'centres' must be a number") for line in result.lines), (
        result.lines
    )
    assert (
        f"{PILOT}:11:10: error: metric 'grads' must be a number, not true/false [evidence.bad-metric]" in result.lines
    )
    assert not (starter / "outputs").exists() or not any((starter / "outputs").iterdir())
    assert "Traceback" not in result.err


def test_metrics_are_quoted_by_key_and_by_attribute_with_their_unit(starter, run):
    set_metrics(starter, "metrics:\n  instructors: 12\n  grant: {value: 45000, unit: USD}\n")
    set_summary(
        starter,
        "Trained {{ evidence['pilot-training'].metrics.instructors }} and "
        "{{ evidence['pilot-training'].metrics['instructors'] }}; "
        "{{ evidence['pilot-training'].metric_units.grant }} "
        "{{ evidence['pilot-training'].metrics.grant | number }} [@pilot-training].\n",
    )
    result = run("build", "-w", starter, "--format", "md")
    assert result.code == 0, result.err
    (built,) = (starter / "outputs").glob("*.md")
    assert "Trained 12 and 12; USD 45,000" in built.read_text(encoding="utf-8")


def test_a_typed_figure_equal_to_a_cited_metric_is_flagged_at_its_template_line(starter, run):
    set_summary(starter, "Intro.\n\nThe pilot trained 12 instructors in 2025 [@pilot-training].\n")
    result = run("check", "-w", starter)
    assert result.code == 0, result.err
    assert (
        "templates/sections/summary.md.j2:3:19: warning: figure 12 is typed, but it is metric 'instructors' of "
        "cited evidence 'pilot-training': quote it as {{ evidence['pilot-training'].metrics.instructors }} "
        "[metrics.literal-figure]"
    ) in result.lines
    # The same figure quoted by reference is not flagged.
    set_summary(
        starter,
        "Intro.\n\nThe pilot trained {{ evidence['pilot-training'].metrics.instructors }} "
        "instructors [@pilot-training].\n",
    )
    result = run("build", "-w", starter)
    assert result.code == 0
    assert not any("[metrics." in line for line in result.lines), result.lines


def test_a_figure_contradicting_a_cited_metric_is_flagged(starter, run):
    set_summary(
        starter,
        "Intro.\n\nThe pilot trained 15 new instructors [@pilot-training]. Phase two lasts 24 "
        "months and trains 30 instructors.\n",
    )
    result = run("build", "-w", starter)
    assert result.code == 0, result.err
    assert (
        "templates/sections/summary.md.j2:3:19: warning: figure 15 differs from metric 'instructors' = 12 of "
        "evidence 'pilot-training' cited here (both in instructors) [metrics.contradiction]"
    ) in result.lines
    # The second sentence cites nothing: its figure is not compared.
    assert sum("[metrics." in line for line in result.lines) == 1, result.lines


def test_the_example_types_no_figure_it_could_quote(run):
    from ..conftest import REPO

    result = run("check", "-w", REPO, "--all")
    assert not any("[metrics." in line for line in result.lines), result.lines


def test_the_example_quotes_a_figure_its_evidence_states(example, run):
    """Typing the figure that a template now quotes is flagged, in the example too."""
    path = example / "templates/sections/summary.md.j2"
    text = path.read_text(encoding="utf-8")
    quoted = "{{ gbo.metrics.institutions }} training institutions"
    assert quoted in text
    path.write_text(text.replace(quoted, "20 training institutions"), encoding="utf-8")
    result = run("check", "-w", example, "--all")
    typed = [n for n, l in enumerate(path.read_text().split("\n"), 1) if "20 training institutions" in l]
    assert any(
        any(l.startswith(f"templates/sections/summary.md.j2:{line}:") for line in typed)
        and "[metrics.literal-figure]" in l
        and "gbo-pilot" in l
        for l in result.lines
    ), result.lines


@pytest.mark.parametrize(
    "text,values",
    [
        ("From 20–21 January 2009 and 9 February, 3 countries", [3.0]),
        ("USD 19 million and 2,400 businesses in 2008", [19e6, 2400.0]),
        ("1. a list item with 1.5 points", [1.5]),
        ("a link [x](https://e.org/2400) and [@id-2400]", []),
    ],
)
def test_figures_leave_out_dates_years_list_markers_and_links(text, values):
    assert [f.value for f in find_figures(text)] == values


def test_attachment_and_sentences():
    text = "planned for 20 selected training institutions"
    (figure,) = find_figures(text)
    assert attached(text, figure, ("institutions",))
    text = "DFID gave USD 700,000 to 50 or more workers"
    money, workers = find_figures(text)
    assert attached(text, money, ("USD",)) and not attached(text, money, ("workers",))
    assert not attached(text, workers, ("workers",))  # "or" ends the words a unit may follow
    assert [s for _, s in sentences("One [@a]. Two is 3. 4 more.")] == ["One [@a].", "Two is 3.", "4 more."]
