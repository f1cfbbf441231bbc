"""Test support that ships with the package: a throwaway Dovecot (:mod:`.dovecot`, used by the tests,
``onward demo`` and ``bench/``), sample job emails (:mod:`.samples`) and named crash points
(:mod:`.faults`, no-ops unless ``ONWARD_CRASH_AT`` is set)."""
