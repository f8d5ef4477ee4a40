"""A donor's reference document prepared as the writer will prepare it: one it cannot use is an error at the
profile's `reference_docx`, reported by `check` and before `build` writes anything."""

from __future__ import annotations

from ..base.diagnostics import Diagnostics
from ..base.model import Donor
from ..write.reference import reference_problem


def check_reference(donor: Donor, diags: Diagnostics) -> None:
    """Report the donor's reference document when the writer could not build on it."""
    if donor.reference_docx is None:
        return
    problem = reference_problem(donor.reference_docx)
    if problem is not None:
        name = donor.reference_docx.name
        diags.error(
            donor.reference_position or donor.position,
            "donor.bad-reference",
            f"reference document '{name}' {problem}",
        )
