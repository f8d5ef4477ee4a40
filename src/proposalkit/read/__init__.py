"""Reading Word files back: a reviewed document's paragraphs, tracked changes and comments (`docx`), and
where each paragraph was written in the workspace (`mapping`)."""
