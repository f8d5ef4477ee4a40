"""What a document's styles say, read through their basedOn chains: the toggles (bold, italic, strike) a
style turns on, and the space before its paragraphs."""

from __future__ import annotations

from .ooxml import NS, w

TOGGLES = ("b", "i", "strike")
_OFF = ("0", "false", "off")


class StyleToggles:
    """Which of TOGGLES each style turns on, through its basedOn chain (the nearest setting wins)."""

    def __init__(self, styles_el) -> None:
        self._styles = {style.get(w("styleId")): style for style in styles_el.iter(w("style"))}
        self._default_paragraph = next(
            (
                sid
                for sid, style in self._styles.items()
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on")
            ),
            None,
        )
        self._cache: dict[tuple[str | None, str | None], frozenset[str]] = {}

    def of(self, style_id: str | None, condition: str | None = None) -> frozenset[str]:
        """The toggles style `style_id` turns on (the default paragraph style's for None); with
        `condition` (a table style's "firstRow"), its conditional formatting first."""
        key = (style_id, condition)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(style_id or self._default_paragraph, condition)
        return found

    def _resolve(self, style_id: str | None, condition: str | None) -> frozenset[str]:
        settings: dict[str, bool] = {}
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            places = [f"w:tblStylePr[@w:type='{condition}']/w:rPr"] if condition else []
            for place in [*places, "w:rPr"]:
                rpr = style.find(place, NS)
                for tag in TOGGLES:
                    el = rpr.find(w(tag)) if rpr is not None else None
                    if el is not None and tag not in settings:
                        settings[tag] = (el.get(w("val")) or "1").lower() not in _OFF
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return frozenset(tag for tag, on in settings.items() if on)


def space_before(styles_el, style_id: str) -> int:
    """The space before paragraphs of style `style_id`, in twips, following its basedOn chain (0 if none says)."""
    by_id = {style.get(w("styleId")): style for style in styles_el.iter(w("style"))}
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = by_id.get(style_id)
        if style is None:
            break
        spacing = style.find("w:pPr/w:spacing", NS)
        if spacing is not None and spacing.get(w("before")) is not None:
            return int(spacing.get(w("before")))
        based = style.find("w:basedOn", NS)
        style_id = based.get(w("val")) if based is not None else ""
    return 0
