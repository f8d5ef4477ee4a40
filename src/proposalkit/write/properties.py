"""Document properties: core.xml from the assembly, and an app.xml naming proposalkit with no stale counts."""

from __future__ import annotations

import datetime as _dt
from xml.sax.saxutils import escape

from ..base.model import Assembly

EPOCH = _dt.date(2000, 1, 1)
APPLICATION = "proposalkit"
_APP_PART = "/docProps/app.xml"
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def set_properties(document, assembly: Assembly) -> None:
    """Fill core.xml from the assembly (dated by the proposal, never the clock) and rewrite app.xml."""
    day = assembly.date or EPOCH
    stamp = _dt.datetime(day.year, day.month, day.day)
    props = document.core_properties
    props.title = assembly.title
    props.subject = f"Proposal to {assembly.donor_name}"
    props.author = assembly.organisation
    props.last_modified_by = assembly.organisation
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    _set_app_properties(document, assembly.organisation)


def _set_app_properties(document, company: str) -> None:
    """Replace the template's extended properties (another program's name and version, page and word
    counts of the empty template) with proposalkit's name, no version, and the organisation."""
    xml = _APP_XML.format(application=APPLICATION, company=escape(company or ""))
    for part in document.part.package.iter_parts():
        if part.partname == _APP_PART:
            part._blob = xml.encode("utf-8")
            return
