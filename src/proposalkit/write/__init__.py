"""Write stage: an Assembly to a Word (.docx) package."""
