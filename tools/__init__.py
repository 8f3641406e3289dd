"""The course's own tooling: ``make bench`` (:mod:`tools.bench`), the speed study
(:mod:`tools.overhead`) and the student release (:mod:`tools.classroom`).

Not for students: nothing in ``helpers/`` imports from here, and the package is
not installed with the helpers. Run the tools from the repository's root with
``python -m tools.NAME`` (the Makefile does).
"""
