"""`policywatch probe`: one page through one source's parsing."""
