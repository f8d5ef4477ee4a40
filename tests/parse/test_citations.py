"""`[@id]` citations parse to citation nodes, never to links or stray text."""

from proposalkit.parse.markdown import parse_markdown
from proposalkit.parse.references import iter_citations


def cites(text):
    return [(n.meta["ids"], n.meta["locators"]) for n in iter_citations(parse_markdown(text))]


def test_single_multiple_and_located_citations():
    assert cites("A [@gbo-pilot].") == [(["gbo-pilot"], [""])]
    assert cites("B [@a; @b-2, p. 4].") == [(["a", "b-2"], ["", "p. 4"])]


def test_citation_inside_code_is_text():
    assert cites("`[@a]` and\n\n    [@b]\n") == []


def test_not_a_citation_stays_text():
    assert cites("[@Upper] and [@] and [email](mailto:x@y)") == []


def test_space_before_a_citation_is_dropped():
    inline = parse_markdown("jobs [@a].").children[0].children[0]
    assert [(c.type, c.content) for c in inline.children] == [("text", "jobs"), ("citation", "[@a]"), ("text", ".")]


def test_citation_may_wrap_across_lines():
    assert cites("See [@a;\n@b].") == [(["a", "b"], ["", ""])]
