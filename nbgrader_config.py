# The course's nbgrader configuration: copy it into your course folder (the folder that
# holds source/, release/, submitted/ and gradebook.db); `python -m tools.classroom --course DIR`
# does that for you. nbgrader reads the nbgrader_config.py of the folder it is run from.
# The README's "For teachers" section walks through a week with it; tests/test_grading.py
# runs those same commands on a course folder of its own.

from nbgrader.preprocessors import ClearHiddenTests, GetGrades, NbGraderPreprocessor
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

c = get_config()  # noqa: F821 (nbgrader provides get_config when it reads this file)

# One assignment per notebook, named after it: source/01_matrix_chains/01_matrix_chains.ipynb.
c.CourseDirectory.course_id = "autoencoders-hands-on"

# Seconds one cell may run while nbgrader autogrades a notebook. nbgrader's default, 30 s, can kill
# a training cell on a busy or slow machine. Measured on the course's 2-core machine while four
# other jobs shared it (2026-11-30): the slowest notebook took 58 s from start to end (05) and the
# slowest cell 23 s (03); undisturbed, `make bench` gives at most 27 s for a whole notebook.
# 120 s per cell is five times the slowest cell under load, and more than twice the slowest
# whole notebook. tests/test_grading.py checks it against the wall times `make bench` records.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# No hub? Collect the students' files with `nbgrader zip_collect ASSIGNMENT`: put the files (or
# zips of them) in downloaded/ASSIGNMENT/archive/, each named STUDENT__NOTEBOOK.ipynb, for example
# ada__01_matrix_chains.ipynb. Adapt the pattern to the names your learning platform gives.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[A-Za-z0-9.\-]+)__(?P<file_id>[0-9]{2}_\w+\.ipynb)$"


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without the hidden tests: autograde puts them back into each check cell (that is
    how they run), and nbgrader's own feedback would then show them, both in the cell and in the
    traceback of a failed one. This removes the hidden region from every check cell and reduces
    an error to its last line, the check's message (what was expected, where to look)."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            ClearHiddenTests()._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources


c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
