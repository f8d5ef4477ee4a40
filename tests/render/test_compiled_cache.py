"""Compiled templates are shared between environments in one process, and an edited template is compiled again."""

from __future__ import annotations

from proposalkit.render.sandbox import COMPILED, make_environment


def test_an_edited_template_is_compiled_again(tmp_path):
    (tmp_path / "s.md.j2").write_text("first {{ 1 + 1 }}\n", encoding="utf-8")
    assert make_environment(tmp_path, "USD").get_template("s.md.j2").render() == "first 2\n"
    cached = len(COMPILED.store)
    assert cached >= 1
    # A second environment (another variant, or a rebuild) finds the compiled code.
    assert make_environment(tmp_path, "EUR", "USD", 0.7).get_template("s.md.j2").render() == "first 2\n"
    assert len(COMPILED.store) == cached
    (tmp_path / "s.md.j2").write_text("second {{ 2 + 2 }}\n", encoding="utf-8")
    assert make_environment(tmp_path, "USD").get_template("s.md.j2").render() == "second 4\n"
