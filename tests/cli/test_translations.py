"""Translations beside their sources: a variant in another language uses them, and they cannot drift unseen."""

from __future__ import annotations

import json
import re

import docx

from ..support import write

PROFILE = (
    "name: 人力资源和社会保障部\ntitle: 绿色就业技能\nlanguage: zh-CN\nsections:\n  - id: summary\n    title: 摘要\n"
)
SUMMARY_ZH = (
    "{{{{ proposal.organisation }}}}请求支持本项目 [@pilot-training]。\n\n{{{{ evidence['pilot-training'].body }}}}\n"
)


def chinese_workspace(starter, run, body: str = "十二名教员在试点中完成了绿色技能模块，共 12 人。\n") -> None:
    write(starter, "templates/donors/mohrss.yaml", PROFILE)
    assert run("new", "translation", "sections/summary.md.j2", "--lang", "zh-CN", "-w", starter).code == 0
    stub = starter / "templates/sections/summary.zh-CN.md.j2"
    header = stub.read_text(encoding="utf-8").split("\n", 1)[0]
    stub.write_text(header + "\n" + SUMMARY_ZH.format(), encoding="utf-8")
    assert run("new", "translation", "pilot-training", "--lang", "zh-CN", "-w", starter).code == 0
    item = starter / "evidence/pilot-training.zh-CN.md"
    front = item.read_text(encoding="utf-8").split("---\n")[1]
    front = re.sub(r"^title: .*$", 'title: "教员培训试点"', front, flags=re.M)
    item.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def test_the_variant_is_written_from_the_translations(starter, run, tmp_path):
    chinese_workspace(starter, run)
    result = run("build", "-w", starter, "--donor", "mohrss", "--out", tmp_path, "--toc-pages", "estimate")
    assert result.code == 0, result.err
    document = docx.Document(str(next(tmp_path.glob("*.docx"))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "绿色就业技能" in text and "目录" in text and "摘要" in text
    assert "十二名教员在试点中完成了绿色技能模块" in text and "Twelve instructors" not in text
    assert "2026年1月15日" in text  # the cover's date as Chinese writes it
    styles = document.styles.element.xpath("//w:style[@w:styleId='Emphasis']//w:em/@w:val")
    assert styles == ["dot"]  # emphasis by emphasis dots, not a synthetic italic


def test_a_missing_translation_is_named(starter, run):
    chinese_workspace(starter, run)
    (starter / "evidence/pilot-training.zh-CN.md").unlink()
    result = run("check", "-w", starter, "--donor", "mohrss")
    assert result.code == 1
    assert (
        "templates/sections/summary.zh-CN.md.j2:4:1: error: evidence 'pilot-training' has no zh-CN translation: "
        "write evidence/pilot-training.zh-CN.md (proposalkit new translation pilot-training --lang zh-CN) "
        "[translation.missing]"
    ) in result.err
    (starter / "templates/sections/summary.zh-CN.md.j2").unlink()
    result = run("check", "-w", starter, "--donor", "mohrss")
    assert "error: template 'sections/summary.md.j2' of section 'summary' has no zh-CN translation" in result.err


def test_a_source_edited_after_its_translation_is_stale_and_refused_by_final(starter, run):
    chinese_workspace(starter, run)
    assert run("check", "-w", starter, "--donor", "mohrss").code == 0
    source = starter / "evidence/pilot-training.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Twelve", "Fourteen"), encoding="utf-8")
    checked = run("check", "-w", starter, "--donor", "mohrss")
    assert checked.code == 0
    assert (
        "evidence/pilot-training.zh-CN.md:3:21: warning: evidence/pilot-training.md changed since this translation was made"
        in checked.err
    )
    final = run("check", "-w", starter, "--donor", "mohrss", "--final")
    assert final.code == 1 and "error: evidence/pilot-training.md changed since" in final.err
    status = json.loads(run("translation", "status", "-w", starter, "--format", "json").out)
    stale = next(r for r in status if r["source"] == "pilot-training")
    assert stale["state"] == "stale" and stale["path"] == "evidence/pilot-training.zh-CN.md"
    assert stale["source_fingerprint"].startswith("sha256:")  # what the updated translation is to record


def test_a_changed_figure_is_flagged(starter, run):
    chinese_workspace(starter, run, body="十四名教员在试点中完成了绿色技能模块，共 14 人。\n")
    result = run("check", "-w", starter, "--donor", "mohrss")
    assert (
        "evidence/pilot-training.zh-CN.md:5:1: warning: figure '14' is not in the source evidence/pilot-training.md"
        in result.err
    )
    assert "[translation.figures]" in result.err


def test_figures_in_wan_units_are_read_as_numbers(starter, run):
    from proposalkit.check.translations import numbers

    assert numbers("70万美元") == numbers("USD 700,000") == numbers("700 000")
    assert numbers("1.5亿") == numbers("150,000,000")


def test_a_glossary_miss_is_flagged(starter, run):
    write(starter, "templates/glossary.csv", "en,zh-CN\ninstructors,教员\ngreen skills,绿色技能\npilot,试点\n")
    chinese_workspace(starter, run, body="十二名老师完成了环保技能模块，共 12 人。\n")
    result = run("check", "-w", starter, "--donor", "mohrss")
    assert "warning: the source uses 'instructors', whose approved zh-CN rendering '教员'" in result.err
    assert "the source uses 'green skills'" in result.err and "[translation.glossary]" in result.err


def test_new_translation_never_overwrites(starter, run):
    assert run("new", "translation", "pilot-training", "--lang", "zh-CN", "-w", starter).code == 0
    again = run("new", "translation", "pilot-training", "--lang", "zh-CN", "-w", starter)
    assert again.code == 1 and "exists already" in again.err


def test_a_translation_without_its_fingerprint_is_invalid_at_its_front_matter(starter, run):
    chinese_workspace(starter, run)
    write(starter, "evidence/pilot-training.zh-CN.md", '---\ntitle: "教员培训试点"\n---\n十二名教员完成了培训。\n')
    result = run("check", "-w", starter, "--donor", "mohrss")
    assert result.code == 1
    assert (
        "evidence/pilot-training.zh-CN.md:2:1: error: missing required field 'source_fingerprint' [translation.invalid]"
    ) in result.err
