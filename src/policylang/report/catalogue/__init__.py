"""The message catalogue, one module per area; each module calls `i18n.define` for its messages.

Every key is defined once (a duplicate fails at import). tests/test_i18n.py checks that every key
has both languages and that the fields of the zh and en templates agree.
"""
