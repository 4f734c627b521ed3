"""Class mode: grade many submissions at once (`batch`), the class report (`class_report`, its
figures in `class_summary`), and gradebook exports (`gradebook`). Import the submodules; this
package imports nothing heavy."""
