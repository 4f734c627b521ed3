"""Class mode: grade many submissions at once (`batch`), the class report (`class_report`), and
gradebook exports (`gradebook`). Import the submodules; this package imports nothing heavy."""
