"""The core: editors' files -> checked records -> one site model (no MkDocs here)."""
