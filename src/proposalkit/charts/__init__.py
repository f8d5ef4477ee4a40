"""Charts drawn for documents: values that know how to draw themselves, identical bytes for identical charts."""
