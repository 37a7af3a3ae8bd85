from hypothesis import given, strategies as st, settings
def test_db():
    print("DB", settings().database, settings._current_profile)
@given(st.integers())
def test_probe(x):
    print("KEY", getattr(test_probe, "_hypothesis_internal_database_key", "none"), test_probe._hypothesis_internal_use_seed)
    assert x < 1000
