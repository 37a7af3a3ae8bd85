"""The record kinds the import engine knows (each a small ``Spec``)."""
