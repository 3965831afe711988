"""pulje's own document types, one module each, named by the document's ID (see
``pulje.documents.registry``)."""
